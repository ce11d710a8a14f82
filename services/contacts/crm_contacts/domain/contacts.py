"""The contact aggregate: a person, usually at an account."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields, VersionMismatch
from crm_contacts.domain import events
from crm_contacts.domain.duplicates import person_key, phone_key
from crm_contacts.domain.errors import NotRestorable, RecordAlreadyDeleted
from crm_contacts.domain.picklists import LEAD_SOURCES, SALUTATIONS
from crm_contacts.domain.values import (
    Address,
    check_email,
    check_pick,
    check_required,
    digits,
    normalise_tags,
    search_text,
    text,
)

TEXT_FIELDS = (
    "salutation",
    "first_name",
    "last_name",
    "title",
    "department",
    "email",
    "phone",
    "mobile",
    "lead_source",
    "description",
    "secondary_email",
    "other_phone",
    "fax",
)
EDITABLE = (
    *TEXT_FIELDS,
    "reports_to_id",
    "birthday",
    "portal_access",
    "account_id",
    "mailing_address",
    "do_not_call",
    "email_opt_out",
    "owner_id",
    "tags",
)


@dataclass
class Contact:
    id: UUID
    last_name: str
    owner_id: UUID
    created_at: datetime
    updated_at: datetime
    account_id: UUID | None = None
    salutation: str | None = None
    first_name: str | None = None
    title: str | None = None
    department: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    mailing_address: Address | None = None
    lead_source: str | None = None
    do_not_call: bool = False
    email_opt_out: bool = False
    description: str | None = None
    tags: tuple[str, ...] = ()
    reports_to_id: UUID | None = None
    secondary_email: str | None = None
    other_phone: str | None = None
    fax: str | None = None
    birthday: date | None = None
    portal_access: bool = False
    origin_lead_id: UUID | None = None
    # Lifecycle: soft-deleted (restorable until purged) or merged into another contact.
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
    ) -> Contact:
        """Build a new contact from raw fields, enforcing the rules; record ContactCreated."""
        values = _clean(fields)
        contact = cls(
            id=id,
            owner_id=owner_id,
            created_at=now,
            updated_at=now,
            origin_lead_id=origin_lead_id,
            **values,
        )
        if contact.reports_to_id == contact.id:
            raise InvalidFields([FieldError("reports_to_id", "a contact cannot report to itself")])
        contact.events.append(events.ContactCreated(contact.snapshot()))
        return contact

    def update(self, changes: dict[str, Any], *, now: datetime, expected_version: int | None):
        """Apply a partial update; record ContactUpdated when anything changed."""
        self.expect_version(expected_version)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        merged = {f: _raw(getattr(self, f)) for f in EDITABLE if f != "owner_id"}
        merged.update({k: v for k, v in changes.items() if k != "owner_id"})
        values = _clean(merged)
        if values["reports_to_id"] == self.id:
            raise InvalidFields([FieldError("reports_to_id", "a contact cannot report to itself")])
        if "owner_id" in changes:
            values["owner_id"] = changes["owner_id"]
        changed = tuple(sorted(k for k, v in values.items() if getattr(self, k) != v))
        if not changed:
            return changed
        for k in changed:
            setattr(self, k, values[k])
        self.version += 1
        self.updated_at = now
        self.events.append(events.ContactUpdated(self.snapshot(), changed))
        return changed

    def delete(
        self, *, now: datetime, by: str, expected_version: int | None, retention: timedelta
    ) -> None:
        """Soft-delete: hidden everywhere, restorable until ``now + retention``."""
        self.expect_version(expected_version)
        # The event names the version the record had when it was deleted.
        self.events.append(events.ContactDeleted(self.id, self.account_id, self.version, now, by))
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
        self.events.append(events.ContactUpdated(self.snapshot(), ("deleted_at",)))

    def expect_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)

    def snapshot(self) -> Contact:
        return dataclasses.replace(self, events=[])

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def sort_name(self) -> str:
        """Contacts sort by last name, then first name, case-insensitively."""
        return f"{self.last_name} {self.first_name or ''}".strip().lower()

    @property
    def search_text(self) -> str:
        return search_text(
            self.full_name,
            self.email,
            self.secondary_email,
            self.phone,
            digits(self.phone),
            self.mobile,
            digits(self.mobile),
            self.other_phone,
            digits(self.other_phone),
        )

    @property
    def dedupe_name(self) -> str | None:
        return person_key(self.first_name, self.last_name)

    @property
    def phone_key(self) -> str | None:
        return phone_key(self.mobile or self.phone or self.other_phone)

    @property
    def is_live(self) -> bool:
        return self.deleted_at is None and self.merged_into_id is None


def _raw(value: Any) -> Any:
    return value.as_dict() if isinstance(value, Address) else value


def _birthday(value: Any, errors: list[FieldError]) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            errors.append(FieldError("birthday", "must be a date (YYYY-MM-DD)"))
            return None
    return value


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    errors: list[FieldError] = []
    values: dict[str, Any] = {f: text(fields.get(f)) for f in TEXT_FIELDS}
    check_required("last_name", values["last_name"], errors)
    check_pick("salutation", values["salutation"], SALUTATIONS, errors)
    check_pick("lead_source", values["lead_source"], LEAD_SOURCES, errors)
    check_email("email", values["email"], errors)
    check_email("secondary_email", values["secondary_email"], errors)
    values["reports_to_id"] = fields.get("reports_to_id")
    values["portal_access"] = bool(fields.get("portal_access") or False)
    values["birthday"] = _birthday(fields.get("birthday"), errors)
    address = Address.from_dict(fields.get("mailing_address"))
    values["mailing_address"] = None if address is None or address.is_empty() else address
    values["account_id"] = fields.get("account_id")
    values["do_not_call"] = bool(fields.get("do_not_call") or False)
    values["email_opt_out"] = bool(fields.get("email_opt_out") or False)
    values["tags"] = normalise_tags(fields.get("tags"), errors)
    if errors:
        raise InvalidFields(errors)
    return values
