"""The account aggregate: an organisation (or individual) the business deals with."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_contacts.domain import events
from crm_contacts.domain.errors import FieldError, InvalidFields, VersionMismatch
from crm_contacts.domain.picklists import ACCOUNT_TYPES, INDUSTRIES
from crm_contacts.domain.values import (
    Address,
    Money,
    check_email,
    check_not_negative,
    check_pick,
    check_required,
    digits,
    normalise_tags,
    search_text,
    text,
)

TEXT_FIELDS = ("name", "account_type", "industry", "website", "phone", "email", "description")
EDITABLE = (
    *TEXT_FIELDS,
    "billing_address",
    "shipping_address",
    "annual_revenue",
    "employees",
    "owner_id",
    "tags",
)


@dataclass
class Account:
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
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def create(cls, *, id: UUID, owner_id: UUID, now: datetime, fields: dict[str, Any]) -> Account:
        """Build a new account from raw fields, enforcing the rules; record AccountCreated."""
        values = _clean(fields)
        account = cls(id=id, owner_id=owner_id, created_at=now, updated_at=now, **values)
        account.events.append(events.AccountCreated(account.snapshot()))
        return account

    def update(self, changes: dict[str, Any], *, now: datetime, expected_version: int | None):
        """Apply a partial update; record AccountUpdated when anything changed."""
        self.expect_version(expected_version)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        merged = {f: getattr(self, f) for f in EDITABLE if f != "owner_id"}
        merged = {k: _raw(v) for k, v in merged.items()}
        merged.update({k: v for k, v in changes.items() if k != "owner_id"})
        values = _clean(merged)
        if "owner_id" in changes:
            values["owner_id"] = changes["owner_id"]
        changed = tuple(sorted(k for k, v in values.items() if getattr(self, k) != v))
        if not changed:
            return changed
        for k in changed:
            setattr(self, k, values[k])
        self.version += 1
        self.updated_at = now
        self.events.append(events.AccountUpdated(self.snapshot(), changed))
        return changed

    def delete(self, *, now: datetime, by: str, expected_version: int | None) -> None:
        """Mark the account deleted (the caller checked it has no contacts)."""
        self.expect_version(expected_version)
        self.events.append(events.AccountDeleted(self.id, self.version, now, by))

    def expect_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)

    def snapshot(self) -> Account:
        """A copy without recorded events (what an event carries)."""
        return dataclasses.replace(self, events=[])

    @property
    def search_text(self) -> str:
        return search_text(self.name, self.email, self.phone, digits(self.phone), self.website)


def _raw(value: Any) -> Any:
    if isinstance(value, (Address, Money)):
        return value.as_dict()
    return value


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    errors: list[FieldError] = []
    values: dict[str, Any] = {f: text(fields.get(f)) for f in TEXT_FIELDS}
    check_required("name", values["name"], errors)
    check_pick("account_type", values["account_type"], ACCOUNT_TYPES, errors)
    check_pick("industry", values["industry"], INDUSTRIES, errors)
    check_email("email", values["email"], errors)
    for name in ("billing_address", "shipping_address"):
        address = Address.from_dict(fields.get(name))
        values[name] = None if address is None or address.is_empty() else address
    revenue = fields.get("annual_revenue")
    values["annual_revenue"] = None if revenue is None else Money.parse(
        "annual_revenue", revenue, errors
    )
    values["employees"] = fields.get("employees")
    check_not_negative("employees", values["employees"], errors)
    values["tags"] = normalise_tags(fields.get("tags"), errors)
    if errors:
        raise InvalidFields(errors)
    return values
