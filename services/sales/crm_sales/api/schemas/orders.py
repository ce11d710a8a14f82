"""Sales order bodies, queries and answers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from crm_chassis.http import AddressOut, ListQuery, Schema
from crm_sales.api.schemas.parts import Record
from crm_sales.api.schemas.quotes import LineOut


class OrderCreate(Schema):
    quote_id: UUID
    due_date: date | None = None
    recurring_frequency: str | None = None


class OrderPatch(Schema):
    status: str


class OrderListQuery(ListQuery):
    owner_id: UUID | None = None
    account_id: UUID | None = None
    status: str | None = None
    quote_id: UUID | None = None
    number: str | None = None


class SalesOrderOut(Record):
    id: UUID = Field(None)
    number: str = Field(None, description="SO-YYYY-NNNNNN")
    status: str = Field(None)
    quote_id: UUID = Field(None)
    quote_number: str = Field(None)
    account_id: UUID = Field(None)
    contact_id: UUID | None = None
    opportunity_id: UUID | None = None
    currency: str = Field(None)
    billing_address: AddressOut | None = None
    shipping_address: AddressOut | None = None
    lines: list[LineOut] = Field(None)
    subtotal: Decimal = Field(None)
    discount_total: Decimal = Field(None)
    tax_total: Decimal = Field(None)
    shipping: Decimal = Field(None)
    adjustment: Decimal = Field(None)
    grand_total: Decimal = Field(None)
    payment_terms: str | None = None
    due_date: date | None = None
    recurring_frequency: str | None = None
    created_by: str | None = None
    invoice_paid: bool = Field(
        None, description="billing reported money on its invoice: it can no longer be cancelled"
    )
    owner_id: UUID | None = None
    created_at: datetime = Field(None)
    updated_at: datetime = Field(None)
    version: int = Field(None)
