"""The account aggregate: an organisation (or individual) the business deals with."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields, VersionMismatch
from crm_contacts.domain import events
from crm_contacts.domain.duplicates import organisation_key, phone_key, web_domain
from crm_contacts.domain.errors import NotRestorable, RecordAlreadyDeleted
from crm_contacts.domain.picklists import ACCOUNT_TYPES, INDUSTRIES, RATINGS
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

TEXT_FIELDS = (
    "name",
    "account_type",
    "industry",
    "website",
    "phone",
    "email",
    "description",
    "customer_code",
    "area",
    "fax",
    "rating",
)
EDITABLE = (
    *TEXT_FIELDS,
    "parent_id",
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
        fields: dict[str, Any],
        origin_lead_id: UUID | None = None,
    ) -> Account:
        """Build a new account from raw fields, enforcing the rules; record AccountCreated."""
        values = _clean(fields)
        account = cls(
            id=id,
            owner_id=owner_id,
            created_at=now,
            updated_at=now,
            origin_lead_id=origin_lead_id,
            **values,
        )
        if account.parent_id == account.id:
            raise InvalidFields([FieldError("parent_id", "an account cannot be its own parent")])
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
        if values["parent_id"] == self.id:
            raise InvalidFields([FieldError("parent_id", "an account cannot be its own parent")])
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

    def delete(
        self, *, now: datetime, by: str, expected_version: int | None, retention: timedelta
    ) -> None:
        """Soft-delete: hidden everywhere, restorable until ``now + retention``."""
        self.expect_version(expected_version)
        # The event names the version the record had when it was deleted.
        self.events.append(events.AccountDeleted(self.id, self.version, now, by))
        self._mark_deleted(now, by, retention)

    def _mark_deleted(self, now: datetime, by: str, retention: timedelta) -> None:
        if self.deleted_at is not None:
            raise RecordAlreadyDeleted(self.id)
        self.deleted_at, self.deleted_by, self.purge_after = now, by, now + retention
        self.version += 1
        self.updated_at = now

    def restore(self, *, now: datetime) -> None:
        """Bring back a soft-deleted record within its retention period."""
        if self.deleted_at is None or self.merged_into_id is not None:
            raise NotRestorable(self.id, "it is not deleted")
        if self.purge_after is not None and now > self.purge_after:
            raise NotRestorable(self.id, "its retention period has ended")
        self.deleted_at = self.deleted_by = self.purge_after = None
        self.version += 1
        self.updated_at = now
        self.events.append(events.AccountUpdated(self.snapshot(), ("deleted_at",)))

    def expect_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)

    def snapshot(self) -> Account:
        """A copy without recorded events (what an event carries)."""
        return dataclasses.replace(self, events=[])

    @property
    def search_text(self) -> str:
        return search_text(
            self.name,
            self.customer_code,
            self.email,
            self.phone,
            digits(self.phone),
            self.website,
            self.area,
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

    @property
    def is_live(self) -> bool:
        return self.deleted_at is None and self.merged_into_id is None


_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_/-]{0,29}$")


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
    check_pick("rating", values["rating"], RATINGS, errors)
    code = values["customer_code"]
    if code is not None and not _CODE.match(code):
        errors.append(FieldError("customer_code", "use 1-30 letters, digits, '-', '_' or '/'"))
    values["parent_id"] = fields.get("parent_id")
    check_email("email", values["email"], errors)
    for name in ("billing_address", "shipping_address"):
        address = Address.from_dict(fields.get(name))
        values[name] = None if address is None or address.is_empty() else address
    revenue = fields.get("annual_revenue")
    values["annual_revenue"] = (
        None if revenue is None else Money.parse("annual_revenue", revenue, errors)
    )
    values["employees"] = fields.get("employees")
    check_not_negative("employees", values["employees"], errors)
    values["tags"] = normalise_tags(fields.get("tags"), errors)
    if errors:
        raise InvalidFields(errors)
    return values
