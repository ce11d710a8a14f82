"""The account aggregate: an organisation (or individual) the business deals with."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from crm_chassis.fields import Address, Checker, search_text, text
from crm_chassis.money import Money
from crm_contacts.domain import events
from crm_contacts.domain.duplicates import organisation_key, phone_key, web_domain
from crm_contacts.domain.picklists import ACCOUNT_TYPES, INDUSTRIES, RATINGS
from crm_contacts.domain.records import CustomerRecord

#: Customer codes: generated ACC-000123 unless the client gives one of this shape.
CODE_SERIES = "ACC"
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_/-]{0,29}$")


def format_code(number: int) -> str:
    """ACC-000123: six digits at least, more when the series outgrows them."""
    return f"{CODE_SERIES}-{number:06d}"


@dataclass(frozen=True)
class AccountFields:
    """An account's editable fields as a client gives them (None: not given, or cleared)."""

    name: str | None = None
    account_type: str | None = None
    industry: str | None = None
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    annual_revenue: Money | None = None
    employees: int | None = None
    owner_id: UUID | None = None
    description: str | None = None
    tags: tuple[str, ...] | None = None
    customer_code: str | None = None
    parent_id: UUID | None = None
    area: str | None = None
    fax: str | None = None
    rating: str | None = None


EDITABLE: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(AccountFields))


@dataclass
class Account(CustomerRecord):
    EDITABLE: ClassVar[tuple[str, ...]] = EDITABLE
    FIELDS: ClassVar[type] = AccountFields
    SELF_REFERENCE: ClassVar[tuple[str, str]] = ("parent_id", "an account cannot be its own parent")

    id: UUID
    name: str
    owner_id: UUID
    created_at: datetime
    updated_at: datetime
    account_type: str | None = None
    industry: str | None = None
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    annual_revenue: Money | None = None
    employees: int | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    customer_code: str | None = None
    parent_id: UUID | None = None
    area: str | None = None
    fax: str | None = None
    rating: str | None = None
    origin_lead_id: UUID | None = None
    # Lifecycle: soft-deleted (restorable until purged) or merged into another account.
    deleted_at: datetime | None = None
    deleted_by: str | None = None
    purge_after: datetime | None = None
    merged_into_id: UUID | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        owner_id: UUID,
        now: datetime,
        fields: AccountFields,
        origin_lead_id: UUID | None = None,
    ) -> Account:
        """Build a new account from the given fields, enforcing the rules; record AccountCreated."""
        values = clean(fields)
        account = cls(
            id=id,
            name=values.name or "",
            owner_id=owner_id,
            created_at=now,
            updated_at=now,
            origin_lead_id=origin_lead_id,
        )
        account._assign(values, [n for n in EDITABLE if n not in ("name", "owner_id")])
        account._check_self_reference(account)
        account.events.append(events.AccountCreated(account=account.snapshot()))
        return account

    # -- what the shared lifecycle (domain/records.py) asks of a account ----------------------

    def _clean(self, fields: AccountFields) -> AccountFields:
        return clean(fields)

    def _updated(self, changed: tuple[str, ...]) -> Any:
        return events.AccountUpdated(account=self.snapshot(), changed_fields=changed)

    def _deleted(self, now: datetime, by: str) -> Any:
        return events.AccountDeleted(
            account_id=self.id, version=self.version, deleted_at=now, deleted_by=by
        )

    @property
    def search_text(self) -> str:
        return search_text(
            self.name, self.customer_code, self.email, self.phone, self.website, self.area
        )

    @property
    def dedupe_name(self) -> str | None:
        return organisation_key(self.name)

    @property
    def phone_key(self) -> str | None:
        return phone_key(self.phone)

    @property
    def web_domain(self) -> str | None:
        return web_domain(self.website, self.email)


def clean(fields: AccountFields) -> AccountFields:
    """The fields trimmed and checked (422 naming every bad field)."""
    check = Checker()
    name = check.text("name", fields.name, required=True)
    account_type = check.pick("account_type", text(fields.account_type), ACCOUNT_TYPES)
    industry = check.pick("industry", text(fields.industry), INDUSTRIES)
    rating = check.pick("rating", text(fields.rating), RATINGS)
    code = text(fields.customer_code)
    if code is not None and not _CODE.match(code):
        check.add("customer_code", "use 1-30 letters, digits, '-', '_' or '/'")
    email = check.email("email", fields.email)
    revenue = _revenue(check, fields.annual_revenue)
    employees = check.integer("employees", fields.employees, minimum=0)
    tags = check.tags(fields.tags)
    check.raise_if_any()
    return AccountFields(
        name=name,
        account_type=account_type,
        industry=industry,
        website=text(fields.website),
        phone=text(fields.phone),
        email=email,
        billing_address=trimmed(fields.billing_address),
        shipping_address=trimmed(fields.shipping_address),
        annual_revenue=revenue,
        employees=employees,
        owner_id=fields.owner_id,
        description=text(fields.description),
        tags=tags,
        customer_code=code,
        parent_id=fields.parent_id,
        area=text(fields.area),
        fax=text(fields.fax),
        rating=rating,
    )


def trimmed(address: Address | None) -> Address | None:
    """Parts trimmed, blanks as None; an address of blanks is no address."""
    return None if address is None else Address.of(address.as_dict())


def _revenue(check: Checker, money: Money | None) -> Money | None:
    # Kept as given (no rounding): a revenue figure is a statement, not a booked amount.
    if money is None:
        return None
    amount = check.decimal("annual_revenue.amount", money.amount, minimum=Decimal(0))
    currency = check.currency("annual_revenue.currency", money.currency, required=True)
    if amount is None or currency is None:
        return None
    return Money(amount, currency)
