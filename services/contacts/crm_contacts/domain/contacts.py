"""The contact aggregate: a person, usually at an account."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from crm_chassis.fields import Address, Checker, search_text, text
from crm_contacts.domain import events
from crm_contacts.domain.accounts import trimmed
from crm_contacts.domain.duplicates import person_key, phone_key
from crm_contacts.domain.picklists import LEAD_SOURCES, SALUTATIONS
from crm_contacts.domain.records import CustomerRecord


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
    # Never contacted by marketing at all, whatever the channel (e-mail opt-out is narrower).
    do_not_contact: bool | None = None
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
class Contact(CustomerRecord):
    EDITABLE: ClassVar[tuple[str, ...]] = EDITABLE
    FIELDS: ClassVar[type] = ContactFields
    SELF_REFERENCE: ClassVar[tuple[str, str]] = (
        "reports_to_id",
        "a contact cannot report to itself",
    )

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
    do_not_contact: bool = False
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
        contact._check_self_reference(contact)
        contact.events.append(events.ContactCreated(contact=contact.snapshot()))
        return contact

    # -- what the shared lifecycle (domain/records.py) asks of a contact ----------------------

    def _clean(self, fields: ContactFields) -> ContactFields:
        return clean(fields)

    def _updated(self, changed: tuple[str, ...]) -> Any:
        return events.ContactUpdated(contact=self.snapshot(), changed_fields=changed)

    def _deleted(self, now: datetime, by: str) -> Any:
        return events.ContactDeleted(
            contact_id=self.id,
            account_id=self.account_id,
            version=self.version,
            deleted_at=now,
            deleted_by=by,
        )

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
        do_not_contact=bool(fields.do_not_contact),
        description=text(fields.description),
        tags=tags,
        secondary_email=secondary_email,
        other_phone=text(fields.other_phone),
        fax=text(fields.fax),
        portal_access=bool(fields.portal_access),
    )
