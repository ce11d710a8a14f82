"""The record's own life on its timeline: what happens in contacts itself.

Beside other services' events (:mod:`crm_contacts.domain.timeline`), an account's and a
contact's timeline shows their own changes: created, updated (which fields), merged,
deleted or detached; tasks opened, completed and reopened; calls and meetings logged and
held; notes written. Each entry is written in the transaction of the change, with an
``event_id`` made of the record, what happened and the record's version, so each happens
once on the timeline however often anything is retried.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_contacts.domain import events as ev
from crm_contacts.domain.timeline import TimelineEntry

SOURCE = "contacts"


@dataclass(frozen=True)
class Place:
    """Where an entry shows: an account's timeline, a contact's, or both."""

    account_id: UUID | None = None
    contact_id: UUID | None = None

    @property
    def anywhere(self) -> bool:
        return self.account_id is not None or self.contact_id is not None


def own_entry(
    what: str,
    record_id: UUID,
    version: int,
    *,
    place: Place,
    at: datetime,
    summary: str,
    module: str,
    owner_id: UUID | None = None,
    data: dict[str, Any] | None = None,
) -> TimelineEntry | None:
    """One entry of ``contacts.<what>.v1`` (``what`` = "task.completed"), or None when it
    belongs on no timeline."""
    if not place.anywhere:
        return None
    return TimelineEntry(
        id=uuid.uuid4(),
        event_id=f"contacts.{what}:{record_id}:{version}"[:100],
        event_type=f"contacts.{what}.v1",
        source=SOURCE,
        occurred_at=at,
        module=module,
        summary=summary[:500],
        account_id=place.account_id,
        contact_id=place.contact_id,
        record_id=record_id,
        owner_id=owner_id,
        data=dict(data or {}),
    )


def _fields(changed: tuple[str, ...]) -> str:
    shown = [c for c in changed if c != "search_text"]
    return ", ".join(shown[:8]) + (" ..." if len(shown) > 8 else "")


def _account(a: Any, what: str, summary: str, **data: str) -> TimelineEntry | None:
    return own_entry(
        f"account.{what}",
        a.id,
        a.version,
        place=Place(a.id),
        at=a.updated_at,
        summary=summary,
        module="accounts",
        owner_id=a.owner_id,
        data=data,
    )


def _contact(c: Any, what: str, summary: str, **data: str) -> TimelineEntry | None:
    return own_entry(
        f"contact.{what}",
        c.id,
        c.version,
        place=Place(c.account_id, c.id),
        at=c.updated_at,
        summary=summary,
        module="contacts",
        owner_id=c.owner_id,
        data=data,
    )


def record_entry(event: Any) -> TimelineEntry | None:
    """The entry of one of an account's or a contact's own domain events (or None)."""
    match event:
        case ev.AccountCreated(account=a):
            return _account(a, "created", f"Account created {a.name}")
        case ev.AccountUpdated(account=a, changed_fields=("deleted_at",)):
            return _account(a, "restored", f"Account restored {a.name}")
        case ev.AccountUpdated(account=a, changed_fields=changed) if changed:
            fields = _fields(changed)
            return _account(a, "updated", f"Account updated: {fields}", changed_fields=fields)
        case ev.AccountMerged(account=a, merged_ids=merged):
            ids = ", ".join(map(str, merged))
            return _account(a, "merged", f"Merged {len(merged)} account(s) in", merged_ids=ids)
        case ev.ContactCreated(contact=c):
            return _contact(c, "created", f"Contact created {c.full_name}")
        case ev.ContactUpdated(contact=c, changed_fields=("deleted_at",)):
            return _contact(c, "restored", f"Contact restored {c.full_name}")
        case ev.ContactUpdated(contact=c, changed_fields=changed) if changed:
            fields = _fields(changed)
            summary = f"Contact {c.full_name} updated: {fields}"
            return _contact(c, "updated", summary, changed_fields=fields)
        case ev.ContactMerged(contact=c, merged_ids=merged):
            ids = ", ".join(map(str, merged))
            return _contact(c, "merged", f"Merged {len(merged)} contact(s) in", merged_ids=ids)
    return None
