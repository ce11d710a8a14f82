"""Activities: tasks (work to do) and calendar events (calls and meetings).

Both are owned by a user or a group (``owner_id``: "assigned to") and may relate to any
CRM record by type and id, whichever service holds it. Pick lists follow DOMAIN.md; the
task statuses also accept the seeds' Open/Closed, so imported vtiger data keeps its values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields, VersionMismatch
from crm_contacts.domain.values import check_pick, check_required, text

TASK_STATUSES: tuple[str, ...] = (
    "Open",
    "Not Started",
    "Planned",
    "In Progress",
    "Pending Input",
    "Deferred",
    "Completed",
    "Closed",
)
#: A task in one of these is done: it leaves "my open tasks" and can no longer be overdue.
DONE_STATUSES: frozenset[str] = frozenset({"Completed", "Closed"})
PRIORITIES: tuple[str, ...] = ("High", "Medium", "Low")
EVENT_KINDS: tuple[str, ...] = ("call", "meeting")
EVENT_STATUSES: tuple[str, ...] = ("Planned", "Held", "Not Held")
PARTICIPANT_TYPES: tuple[str, ...] = ("user", "contact", "lead", "account", "external")
#: Records an activity may relate to (held here or by another service).
RELATED_TYPES: tuple[str, ...] = (
    "lead",
    "account",
    "contact",
    "opportunity",
    "quote",
    "sales_order",
    "ticket",
    "invoice",
    "campaign",
)
MAX_PARTICIPANTS = 200


@dataclass(frozen=True)
class Related:
    """The record an activity or note is about."""

    type: str
    id: UUID


def check_related(
    related_type: str | None,
    related_id: UUID | None,
    allowed: tuple[str, ...],
    errors: list[FieldError],
) -> Related | None:
    """Both or neither: a type without an id (or the reverse) names nothing."""
    if related_type is None and related_id is None:
        return None
    if related_type is None:
        errors.append(FieldError("related_type", "is required with related_id"))
        return None
    if related_id is None:
        errors.append(FieldError("related_id", "is required with related_type"))
        return None
    check_pick("related_type", related_type, allowed, errors)
    return Related(related_type, related_id)


class _Versioned:
    version: int

    def expect_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)


@dataclass
class Task(_Versioned):
    id: UUID
    title: str
    owner_id: UUID
    created_by: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    priority: str = "Medium"
    status: str = "Open"
    due_date: date | None = None
    reminder_at: datetime | None = None
    related: Related | None = None
    completed_at: datetime | None = None
    # The event that asked for this task (a stale lead, an overdue invoice), if any.
    source_event_id: str | None = None
    version: int = 1

    EDITABLE = (
        "title",
        "description",
        "priority",
        "status",
        "due_date",
        "reminder_at",
        "related_type",
        "related_id",
        "owner_id",
    )

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        owner_id: UUID,
        created_by: str,
        now: datetime,
        fields: dict[str, Any],
        source_event_id: str | None = None,
    ) -> Task:
        """Build a new task from raw fields, enforcing the rules."""
        values = _clean_task(fields)
        task = cls(
            id=id,
            owner_id=owner_id,
            created_by=created_by,
            created_at=now,
            updated_at=now,
            source_event_id=source_event_id,
            **values,
        )
        if task.status in DONE_STATUSES:
            task.completed_at = now
        return task

    def update(
        self, changes: dict[str, Any], *, now: datetime, expected_version: int | None
    ) -> tuple[str, ...]:
        """Apply a partial update; return the changed fields (none: nothing happens)."""
        self.expect_version(expected_version)
        unknown = set(changes) - set(self.EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        merged = self._raw()
        merged.update({k: v for k, v in changes.items() if k != "owner_id"})
        values = _clean_task(merged)
        if "owner_id" in changes:
            values["owner_id"] = changes["owner_id"]
        changed = tuple(sorted(k for k, v in values.items() if getattr(self, k) != v))
        if not changed:
            return changed
        was_open = self.is_open
        for k in changed:
            setattr(self, k, values[k])
        if was_open and not self.is_open:
            self.completed_at = now
        elif self.is_open:
            self.completed_at = None
        self.version += 1
        self.updated_at = now
        return changed

    @property
    def is_open(self) -> bool:
        return self.status not in DONE_STATUSES

    def is_overdue(self, today: date) -> bool:
        """An open task whose due date has passed (due today is not overdue yet)."""
        return self.is_open and self.due_date is not None and self.due_date < today

    def _raw(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "description": self.description,
            "priority": self.priority,
            "status": self.status,
            "due_date": self.due_date,
            "reminder_at": self.reminder_at,
            "related_type": self.related.type if self.related else None,
            "related_id": self.related.id if self.related else None,
        }


def _clean_task(fields: dict[str, Any]) -> dict[str, Any]:
    errors: list[FieldError] = []
    title = text(fields.get("title"))
    check_required("title", title, errors)
    priority = text(fields.get("priority")) or "Medium"
    check_pick("priority", priority, PRIORITIES, errors)
    status = text(fields.get("status")) or "Open"
    check_pick("status", status, TASK_STATUSES, errors)
    related = check_related(
        text(fields.get("related_type")), fields.get("related_id"), RELATED_TYPES, errors
    )
    if errors:
        raise InvalidFields(errors)
    return {
        "title": title,
        "description": text(fields.get("description")),
        "priority": priority,
        "status": status,
        "due_date": fields.get("due_date"),
        "reminder_at": fields.get("reminder_at"),
        "related": related,
    }


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
    def from_dict(cls, data: dict[str, Any]) -> Participant:
        raw_id = data.get("id")
        return cls(
            type=str(data.get("type") or "external"),
            id=UUID(str(raw_id)) if raw_id else None,
            email=text(data.get("email")),
            name=text(data.get("name")),
        )


@dataclass
class CalendarEvent(_Versioned):
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

    EDITABLE = (
        "kind",
        "title",
        "start",
        "end",
        "status",
        "outcome",
        "location",
        "description",
        "participants",
        "reminder_at",
        "related_type",
        "related_id",
        "owner_id",
    )

    @classmethod
    def create(
        cls, *, id: UUID, owner_id: UUID, created_by: str, now: datetime, fields: dict[str, Any]
    ) -> CalendarEvent:
        values = _clean_event(fields)
        return cls(
            id=id,
            owner_id=owner_id,
            created_by=created_by,
            created_at=now,
            updated_at=now,
            **values,
        )

    def update(
        self, changes: dict[str, Any], *, now: datetime, expected_version: int | None
    ) -> tuple[str, ...]:
        self.expect_version(expected_version)
        unknown = set(changes) - set(self.EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        merged = {
            "kind": self.kind,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "status": self.status,
            "outcome": self.outcome,
            "location": self.location,
            "description": self.description,
            "participants": [p.as_dict() for p in self.participants],
            "reminder_at": self.reminder_at,
            "related_type": self.related.type if self.related else None,
            "related_id": self.related.id if self.related else None,
        }
        merged.update({k: v for k, v in changes.items() if k != "owner_id"})
        values = _clean_event(merged)
        if "owner_id" in changes:
            values["owner_id"] = changes["owner_id"]
        changed = tuple(sorted(k for k, v in values.items() if getattr(self, k) != v))
        if changed:
            for k in changed:
                setattr(self, k, values[k])
            self.version += 1
            self.updated_at = now
        return changed


def _clean_event(fields: dict[str, Any]) -> dict[str, Any]:
    errors: list[FieldError] = []
    kind = text(fields.get("kind"))
    check_required("kind", kind, errors)
    check_pick("kind", kind, EVENT_KINDS, errors)
    title = text(fields.get("title"))
    check_required("title", title, errors)
    status = text(fields.get("status")) or "Planned"
    check_pick("status", status, EVENT_STATUSES, errors)
    start, end = fields.get("start"), fields.get("end")
    if start is None:
        errors.append(FieldError("start", "is required"))
    elif end is not None and end < start:
        errors.append(FieldError("end", "must not be before start"))
    participants = _participants(fields.get("participants") or (), errors)
    related = check_related(
        text(fields.get("related_type")), fields.get("related_id"), RELATED_TYPES, errors
    )
    if errors:
        raise InvalidFields(errors)
    return {
        "kind": kind,
        "title": title,
        "start": start,
        "end": end,
        "status": status,
        "outcome": text(fields.get("outcome")),
        "location": text(fields.get("location")),
        "description": text(fields.get("description")),
        "participants": participants,
        "reminder_at": fields.get("reminder_at"),
        "related": related,
    }


def _participants(raw: Any, errors: list[FieldError]) -> tuple[Participant, ...]:
    if len(raw) > MAX_PARTICIPANTS:
        errors.append(FieldError("participants", f"at most {MAX_PARTICIPANTS}"))
        return ()
    found: list[Participant] = []
    for i, item in enumerate(raw):
        p = item if isinstance(item, Participant) else Participant.from_dict(dict(item))
        where = f"participants.{i}"
        check_pick(f"{where}.type", p.type, PARTICIPANT_TYPES, errors)
        if p.type == "external" and not p.email:
            errors.append(FieldError(f"{where}.email", "is required for an external participant"))
        elif p.type != "external" and p.id is None:
            errors.append(FieldError(f"{where}.id", f"is required for a {p.type}"))
        if p not in found:
            found.append(p)
    return tuple(found)
