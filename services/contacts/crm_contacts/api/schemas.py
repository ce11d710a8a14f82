"""Request and response bodies; pydantic checks shapes, the domain checks business rules."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from crm_chassis.http import ListQuery, Schema

Text = str | None
_DECIMAL = r"^-?[0-9]{1,16}(\.[0-9]{1,6})?$"


class AddressIn(Schema):
    street: str | None = Field(None, max_length=500)
    city: str | None = Field(None, max_length=200)
    state: str | None = Field(None, max_length=200)
    postal_code: str | None = Field(None, max_length=50)
    country: str | None = Field(None, max_length=100)


class MoneyIn(Schema):
    amount: str = Field(pattern=_DECIMAL, description='Decimal string, e.g. "1250.00"')
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217 code")


class AddressOut(Schema):
    street: Text = None
    city: Text = None
    state: Text = None
    postal_code: Text = None
    country: Text = None


class MoneyOut(Schema):
    amount: str
    currency: str


class _AccountFields(Schema):
    account_type: str | None = Field(None, max_length=50, description="Pick list: account type")
    industry: str | None = Field(None, max_length=50, description="Pick list: industry")
    website: str | None = Field(None, max_length=500)
    phone: str | None = Field(None, max_length=50)
    email: str | None = Field(None, max_length=320)
    billing_address: AddressIn | None = None
    shipping_address: AddressIn | None = None
    annual_revenue: MoneyIn | None = None
    employees: int | None = Field(None, ge=0, le=100_000_000)
    owner_id: UUID | None = Field(None, description="Default: the caller")
    description: str | None = Field(None, max_length=32_000)
    tags: list[str] | None = Field(None, max_length=50)


class AccountCreate(_AccountFields):
    name: str = Field(min_length=1, max_length=255)


class AccountPatch(_AccountFields):
    name: str | None = Field(None, min_length=1, max_length=255)


class AccountOut(Schema):
    id: UUID
    name: str
    account_type: Text
    industry: Text
    website: Text
    phone: Text
    email: Text
    billing_address: AddressOut | None
    shipping_address: AddressOut | None
    annual_revenue: MoneyOut | None
    employees: int | None
    owner_id: UUID
    description: Text
    tags: list[str]
    created_at: datetime
    updated_at: datetime
    version: int


class AccountListQuery(ListQuery):
    owner_id: UUID | None = None
    account_type: str | None = None
    industry: str | None = None
    email: str | None = None
    tag: str | None = None


class _ContactFields(Schema):
    account_id: UUID | None = None
    salutation: str | None = Field(None, max_length=20, description="Pick list: salutation")
    first_name: str | None = Field(None, max_length=100)
    title: str | None = Field(None, max_length=200)
    department: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=320)
    phone: str | None = Field(None, max_length=50)
    mobile: str | None = Field(None, max_length=50)
    mailing_address: AddressIn | None = None
    lead_source: str | None = Field(None, max_length=50, description="Pick list: lead source")
    do_not_call: bool | None = None
    email_opt_out: bool | None = None
    owner_id: UUID | None = Field(None, description="Default: the caller")
    description: str | None = Field(None, max_length=32_000)
    tags: list[str] | None = Field(None, max_length=50)


class ContactCreate(_ContactFields):
    last_name: str = Field(min_length=1, max_length=100)


class ContactPatch(_ContactFields):
    last_name: str | None = Field(None, min_length=1, max_length=100)


class ContactOut(Schema):
    id: UUID
    account_id: UUID | None
    salutation: Text
    first_name: Text
    last_name: str
    title: Text
    department: Text
    email: Text
    phone: Text
    mobile: Text
    mailing_address: AddressOut | None
    lead_source: Text
    do_not_call: bool
    email_opt_out: bool
    owner_id: UUID
    description: Text
    tags: list[str]
    created_at: datetime
    updated_at: datetime
    version: int


class ContactListQuery(ListQuery):
    owner_id: UUID | None = None
    account_id: UUID | None = None
    lead_source: str | None = None
    email: str | None = None
    tag: str | None = None


class OwnerOut(Schema):
    id: UUID
    email: str
    display_name: str
    active: bool
    updated_at: datetime
    deactivated_at: datetime | None


class OwnerListQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    q: str | None = Field(None, max_length=200)
