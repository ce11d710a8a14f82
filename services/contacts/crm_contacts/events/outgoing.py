"""Turn domain events into versioned integration events written to the outbox."""

from __future__ import annotations

from typing import Any

from crm.contacts.v1 import events_pb2 as ev
from crm_chassis.events.outbox import OutgoingEvent
from crm_contacts.adapters import protos
from crm_contacts.domain import events

ACCOUNT_CREATED = "contacts.account.created.v1"
ACCOUNT_UPDATED = "contacts.account.updated.v1"
ACCOUNT_DELETED = "contacts.account.deleted.v1"
CONTACT_CREATED = "contacts.contact.created.v1"
CONTACT_UPDATED = "contacts.contact.updated.v1"
CONTACT_DELETED = "contacts.contact.deleted.v1"
ACCOUNT_MERGED = "contacts.account.merged.v1"
CONTACT_MERGED = "contacts.contact.merged.v1"


def translate(event: Any) -> OutgoingEvent:
    """The versioned integration event (type, subject, payload message) of a domain event."""
    match event:
        case events.AccountCreated(account=a):
            return OutgoingEvent(
                ACCOUNT_CREATED, str(a.id), ev.AccountCreated(account=protos.account(a))
            )
        case events.AccountUpdated(account=a, changed_fields=changed):
            payload = ev.AccountUpdated(account=protos.account(a), changed_fields=list(changed))
            return OutgoingEvent(ACCOUNT_UPDATED, str(a.id), payload)
        case events.AccountDeleted():
            payload = ev.AccountDeleted(
                account_id=str(event.account_id),
                version=event.version,
                deleted_at=protos.timestamp(event.deleted_at),
                deleted_by=event.deleted_by,
            )
            return OutgoingEvent(ACCOUNT_DELETED, str(event.account_id), payload)
        case events.ContactCreated(contact=c):
            return OutgoingEvent(
                CONTACT_CREATED, str(c.id), ev.ContactCreated(contact=protos.contact(c))
            )
        case events.ContactUpdated(contact=c, changed_fields=changed):
            payload = ev.ContactUpdated(contact=protos.contact(c), changed_fields=list(changed))
            return OutgoingEvent(CONTACT_UPDATED, str(c.id), payload)
        case events.ContactDeleted():
            payload = ev.ContactDeleted(
                contact_id=str(event.contact_id),
                account_id=str(event.account_id) if event.account_id else "",
                version=event.version,
                deleted_at=protos.timestamp(event.deleted_at),
                deleted_by=event.deleted_by,
            )
            return OutgoingEvent(CONTACT_DELETED, str(event.contact_id), payload)
        case events.AccountMerged(account=a):
            payload = ev.AccountMerged(
                surviving_account=protos.account(a),
                merged_account_ids=[str(i) for i in event.merged_ids],
                merged_at=protos.timestamp(event.merged_at),
                merged_by=event.merged_by,
            )
            return OutgoingEvent(ACCOUNT_MERGED, str(a.id), payload)
        case events.ContactMerged(contact=c):
            payload = ev.ContactMerged(
                surviving_contact=protos.contact(c),
                merged_contact_ids=[str(i) for i in event.merged_ids],
                merged_at=protos.timestamp(event.merged_at),
                merged_by=event.merged_by,
            )
            return OutgoingEvent(CONTACT_MERGED, str(c.id), payload)
    raise TypeError(f"no integration event for {type(event).__name__}")
