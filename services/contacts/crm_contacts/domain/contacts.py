"""The contact aggregate: a person, usually at an account."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields, VersionMismatch, invalid
from crm_chassis.fields import Address, Checker, search_text, text
from crm_contacts.domain import events
from crm_contacts.domain.accounts import trimmed
from crm_contacts.domain.duplicates import person_key, phone_key
from crm_contacts.domain.errors import NotRestorable, RecordAlreadyDeleted
from crm_contacts.domain.picklists import LEAD_SOURCES, SALUTATIONS


@dataclass(frozen=True)
class ContactFields:
    """A contact's editable fields as a client gives them (None: not given, or cleared)."""

    account_id: UUID | None = None
    salutation: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    title: str | None = None
    department: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    mailing_address: Address | None = None
    lead_source: str | None = None
    do_not_call: bool | None = None
    email_opt_out: bool | None = None
    owner_id: UUID | None = None
    description: str | None = None
    tags: tuple[str, ...] | None = None
    reports_to_id: UUID | None = None
    secondary_email: str | None = None
    other_phone: str | None = None
    fax: str | None = None
    birthday: date | None = None
    portal_access: bool | None = None


EDITABLE: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ContactFields))


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
        fields: ContactFields,
        origin_lead_id: UUID | None = None,
    ) -> Contact:
        """Build a new contact from the given fields, enforcing the rules; record ContactCreated."""
        values = clean(fields)
        contact = cls(
            id=id,
            last_name=values.last_name or "",
            owner_id=owner_id,
            created_at=now,
            updated_at=now,
            origin_lead_id=origin_lead_id,
        )
        contact._assign(values, [n for n in EDITABLE if n not in ("last_name", "owner_id")])
        if contact.reports_to_id == contact.id:
            raise invalid("reports_to_id", "a contact cannot report to itself")
        contact.events.append(events.ContactCreated(contact=contact.snapshot()))
        return contact

    def update(
        self,
        fields: ContactFields,
        sent: Iterable[str],
        *,
        now: datetime,
        expected_version: int | None,
    ) -> tuple[str, ...]:
        """Apply the ``sent`` fields; record ContactUpdated when anything changed."""
        self.expect_version(expected_version)
        sent = set(sent)
        unknown = sent - set(EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        given = {n: getattr(fields, n) for n in sent if n != "owner_id"}
        values = clean(replace(self.editable(), **given))
        if values.reports_to_id == self.id:
            raise invalid("reports_to_id", "a contact cannot report to itself")
        if "owner_id" in sent:
            values = replace(values, owner_id=fields.owner_id)
        changed = tuple(sorted(n for n in EDITABLE if getattr(self, n) != getattr(values, n)))
        if not changed:
            return changed
        self._assign(values, changed)
        self.version += 1
        self.updated_at = now
        self.events.append(events.ContactUpdated(contact=self.snapshot(), changed_fields=changed))
        return changed

    def editable(self) -> ContactFields:
        """The editable fields as they are now."""
        return ContactFields(**{n: getattr(self, n) for n in EDITABLE})

    def _assign(self, values: ContactFields, names: Iterable[str]) -> None:
        for name in names:
            setattr(self, name, getattr(values, name))

    def delete(
        self, *, now: datetime, by: str, expected_version: int | None, retention: timedelta
    ) -> None:
        """Soft-delete: hidden everywhere, restorable until ``now + retention``."""
        self.expect_version(expected_version)
        if self.deleted_at is not None:
            raise RecordAlreadyDeleted(self.id)
        # The event names the version the record had when it was deleted.
        self.events.append(
            events.ContactDeleted(
                contact_id=self.id,
                account_id=self.account_id,
                version=self.version,
                deleted_at=now,
                deleted_by=by,
            )
        )
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
        self.events.append(
            events.ContactUpdated(contact=self.snapshot(), changed_fields=("deleted_at",))
        )

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
            self.mobile,
            self.other_phone,
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


def clean(fields: ContactFields) -> ContactFields:
    """The fields trimmed and checked (422 naming every bad field)."""
    check = Checker()
    last_name = check.text("last_name", fields.last_name, required=True)
    salutation = check.pick("salutation", text(fields.salutation), SALUTATIONS)
    lead_source = check.pick("lead_source", text(fields.lead_source), LEAD_SOURCES)
    email = check.email("email", fields.email)
    secondary_email = check.email("secondary_email", fields.secondary_email)
    tags = check.tags(fields.tags)
    check.raise_if_any()
    return replace(
        fields,
        last_name=last_name,
        salutation=salutation,
        first_name=text(fields.first_name),
        title=text(fields.title),
        department=text(fields.department),
        email=email,
        phone=text(fields.phone),
        mobile=text(fields.mobile),
        mailing_address=trimmed(fields.mailing_address),
        lead_source=lead_source,
        do_not_call=bool(fields.do_not_call),
        email_opt_out=bool(fields.email_opt_out),
        description=text(fields.description),
        tags=tags,
        secondary_email=secondary_email,
        other_phone=text(fields.other_phone),
        fax=text(fields.fax),
        portal_access=bool(fields.portal_access),
    )
