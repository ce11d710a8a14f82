"""Calls and meetings (the ``events`` collection of the API), with their participants."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_chassis.fields import Checker, text
from crm_contacts.domain.activities import (
    RELATED_TYPES,
    Owned,
    Related,
    check_related,
    refuse_unknown,
)

EVENT_KINDS: tuple[str, ...] = ("call", "meeting")
EVENT_STATUSES: tuple[str, ...] = ("Planned", "Held", "Not Held")
PARTICIPANT_TYPES: tuple[str, ...] = ("user", "contact", "lead", "account", "external")
MAX_PARTICIPANTS = 200


@dataclass(frozen=True)
class Participant:
    """Someone at a call or meeting: a CRM record (user, contact, lead) or an e-mail."""

    type: str
    id: UUID | None = None
    email: str | None = None
    name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": str(self.id) if self.id else None,
            "email": self.email,
            "name": self.name,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Participant:
        raw_id = data.get("id")
        return cls(
            type=str(data.get("type") or "external"),
            id=UUID(str(raw_id)) if raw_id else None,
            email=text(data.get("email")),
            name=text(data.get("name")),
        )


@dataclass(frozen=True)
class CalendarEventFields:
    """A call's or meeting's editable fields as a client gives them."""

    kind: str | None = None
    title: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    status: str | None = None
    outcome: str | None = None
    location: str | None = None
    description: str | None = None
    participants: tuple[Participant, ...] | None = None
    reminder_at: datetime | None = None
    related_type: str | None = None
    related_id: UUID | None = None
    owner_id: UUID | None = None


@dataclass(frozen=True)
class _EventValues:
    kind: str
    title: str
    start: datetime
    end: datetime | None
    status: str
    outcome: str | None
    location: str | None
    description: str | None
    participants: tuple[Participant, ...]
    reminder_at: datetime | None
    related: Related | None


@dataclass
class CalendarEvent(Owned):
    """A call or a meeting (the ``events`` collection of the API)."""

    id: UUID
    kind: str
    title: str
    owner_id: UUID
    start: datetime
    created_by: str
    created_at: datetime
    updated_at: datetime
    end: datetime | None = None
    status: str = "Planned"
    outcome: str | None = None
    location: str | None = None
    description: str | None = None
    participants: tuple[Participant, ...] = ()
    reminder_at: datetime | None = None
    related: Related | None = None
    version: int = 1

    EDITABLE = tuple(f.name for f in dataclasses.fields(CalendarEventFields))

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        owner_id: UUID,
        created_by: str,
        now: datetime,
        fields: CalendarEventFields,
    ) -> CalendarEvent:
        values = _clean_event(fields)
        event = cls(
            id=id,
            kind=values.kind,
            title=values.title,
            owner_id=owner_id,
            start=values.start,
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )
        event._apply(values, owner_id)
        return event

    def update(
        self,
        fields: CalendarEventFields,
        sent: Iterable[str],
        *,
        now: datetime,
        expected_version: int | None,
    ) -> tuple[str, ...]:
        self.expect_version(expected_version)
        refuse_unknown(sent, self.EDITABLE)
        given = {n: getattr(fields, n) for n in sent if n != "owner_id"}
        values = _clean_event(replace(self.editable(), **given))
        owner_id = fields.owner_id if "owner_id" in sent else self.owner_id
        changed = self._apply(values, owner_id)
        if changed:
            self.version += 1
            self.updated_at = now
        return changed

    def editable(self) -> CalendarEventFields:
        """The editable fields as they are now."""
        return CalendarEventFields(
            kind=self.kind,
            title=self.title,
            start=self.start,
            end=self.end,
            status=self.status,
            outcome=self.outcome,
            location=self.location,
            description=self.description,
            participants=self.participants,
            reminder_at=self.reminder_at,
            related_type=self.related.type if self.related else None,
            related_id=self.related.id if self.related else None,
            owner_id=self.owner_id,
        )


def _clean_event(fields: CalendarEventFields) -> _EventValues:
    check = Checker()
    kind = check.text("kind", fields.kind, required=True)
    check.pick("kind", kind, EVENT_KINDS)
    title = check.text("title", fields.title, required=True)
    status = check.pick("status", text(fields.status) or "Planned", EVENT_STATUSES)
    start, end = fields.start, fields.end
    if start is None:
        check.add("start", "is required")
    elif end is not None and end < start:
        check.add("end", "must not be before start")
    participants = _participants(check, fields.participants or ())
    related = check_related(check, fields.related_type, fields.related_id, RELATED_TYPES)
    check.raise_if_any()
    assert start is not None
    return _EventValues(
        kind=kind or "",
        title=title or "",
        start=start,
        end=end,
        status=status or "Planned",
        outcome=text(fields.outcome),
        location=text(fields.location),
        description=text(fields.description),
        participants=participants,
        reminder_at=fields.reminder_at,
        related=related,
    )


def _participants(check: Checker, given: tuple[Participant, ...]) -> tuple[Participant, ...]:
    if len(given) > MAX_PARTICIPANTS:
        check.add("participants", f"at most {MAX_PARTICIPANTS}")
        return ()
    found: list[Participant] = []
    for i, p in enumerate(given):
        where = f"participants.{i}"
        check.pick(f"{where}.type", p.type, PARTICIPANT_TYPES)
        if p.type == "external" and not p.email:
            check.add(f"{where}.email", "is required for an external participant")
        elif p.type != "external" and p.id is None:
            check.add(f"{where}.id", f"is required for a {p.type}")
        if p not in found:
            found.append(p)
    return tuple(found)
