"""Repositories and row mapping of tasks, calls/meetings, notes and timeline entries."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_chassis.db.bulk import any_of, insert_many
from crm_contacts.adapters.activity_tables import (
    NO_DUE_DATE,
    calendar_events,
    note_revisions,
    notes,
    tasks,
    timeline_entries,
)
from crm_contacts.adapters.repositories import ConcurrentUpdate
from crm_contacts.adapters.tables import accounts, contacts
from crm_contacts.domain.activities import Related
from crm_contacts.domain.calendar_events import CalendarEvent, Participant
from crm_contacts.domain.notes import Note, Revision
from crm_contacts.domain.tasks import Task
from crm_contacts.domain.timeline import TimelineEntry

# -- rows <-> domain ---------------------------------------------------------------------------


def _related(row: Any) -> Related | None:
    if row.related_type is None or row.related_id is None:
        return None
    return Related(row.related_type, row.related_id)


def task_values(t: Task) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": t.title,
        "description": t.description,
        "priority": t.priority,
        "status": t.status,
        "is_open": t.is_open,
        "due_date": t.due_date,
        "due_key": t.due_date.isoformat() if t.due_date else NO_DUE_DATE,
        "reminder_at": t.reminder_at,
        "related_type": t.related.type if t.related else None,
        "related_id": t.related.id if t.related else None,
        "owner_id": t.owner_id,
        "created_by": t.created_by,
        "completed_at": t.completed_at,
        "source_event_id": t.source_event_id,
        "created_at": t.created_at,
        "updated_at": t.updated_at,
        "version": t.version,
    }


def task_from_row(row: Any) -> Task:
    return Task(
        id=row.id,
        title=row.title,
        owner_id=row.owner_id,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        description=row.description,
        priority=row.priority,
        status=row.status,
        due_date=row.due_date,
        reminder_at=row.reminder_at,
        related=_related(row),
        completed_at=row.completed_at,
        source_event_id=row.source_event_id,
        version=row.version,
    )


def event_values(e: CalendarEvent) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind,
        "title": e.title,
        "start_at": e.start,
        "end_at": e.end,
        "status": e.status,
        "outcome": e.outcome,
        "location": e.location,
        "description": e.description,
        "participants": [p.as_dict() for p in e.participants],
        "reminder_at": e.reminder_at,
        "related_type": e.related.type if e.related else None,
        "related_id": e.related.id if e.related else None,
        "owner_id": e.owner_id,
        "created_by": e.created_by,
        "created_at": e.created_at,
        "updated_at": e.updated_at,
        "version": e.version,
    }


def event_from_row(row: Any) -> CalendarEvent:
    return CalendarEvent(
        id=row.id,
        kind=row.kind,
        title=row.title,
        owner_id=row.owner_id,
        start=row.start_at,
        end=row.end_at,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        status=row.status,
        outcome=row.outcome,
        location=row.location,
        description=row.description,
        participants=tuple(Participant.from_dict(p) for p in row.participants or ()),
        reminder_at=row.reminder_at,
        related=_related(row),
        version=row.version,
    )


def note_values(n: Note) -> dict[str, Any]:
    assert n.related is not None  # the domain refuses a note about nothing
    return {
        "id": n.id,
        "body": n.body,
        "related_type": n.related.type,
        "related_id": n.related.id,
        "parent_id": n.parent_id,
        "owner_id": n.owner_id,
        "author_id": n.author_id,
        "created_at": n.created_at,
        "updated_at": n.updated_at,
        "version": n.version,
    }


def note_from_row(row: Any) -> Note:
    return Note(
        id=row.id,
        body=row.body,
        owner_id=row.owner_id,
        author_id=row.author_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        related=_related(row),
        parent_id=row.parent_id,
        version=row.version,
    )


def revision_from_row(row: Any) -> Revision:
    return Revision(row.version, row.body, row.edited_by, row.edited_at)


def entry_values(e: TimelineEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "event_id": e.event_id,
        "event_type": e.event_type,
        "source": e.source,
        "occurred_at": e.occurred_at,
        "module": e.module,
        "summary": e.summary,
        "account_id": e.account_id,
        "contact_id": e.contact_id,
        "record_id": e.record_id,
        "owner_id": e.owner_id,
        "number": e.number,
        "amount": e.amount,
        "currency": e.currency,
        "data": e.data,
    }


def entry_from_row(row: Any) -> TimelineEntry:
    return TimelineEntry(
        id=row.id,
        event_id=row.event_id,
        event_type=row.event_type,
        source=row.source,
        occurred_at=row.occurred_at,
        module=row.module,
        summary=row.summary,
        account_id=row.account_id,
        contact_id=row.contact_id,
        record_id=row.record_id,
        owner_id=row.owner_id,
        number=row.number,
        amount=row.amount,
        currency=row.currency,
        data=dict(row.data or {}),
    )


# -- repositories ------------------------------------------------------------------------------


class _Versioned:
    """Optimistic writes: an UPDATE only applies to the version we read (FOR UPDATE)."""

    table: sa.Table

    def __init__(self, session: Session) -> None:
        self.session = session
        self._loaded: dict[UUID, int] = {}

    def _get(self, record_id: UUID) -> Any:
        stmt = sa.select(self.table).where(self.table.c.id == record_id).with_for_update()
        row = self.session.execute(stmt).first()
        if row is not None:
            self._loaded[row.id] = row.version
        return row

    def _insert(self, values: dict[str, Any]) -> None:
        self.session.execute(sa.insert(self.table), values)

    def _update(self, record_id: UUID, values: dict[str, Any]) -> None:
        loaded = self._loaded.get(record_id)
        if loaded is None or loaded == values["version"]:
            return
        result = self.session.execute(
            sa.update(self.table)
            .where(self.table.c.id == record_id, self.table.c.version == loaded)
            .values(**{k: v for k, v in values.items() if k not in ("id", "created_at")})
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(str(record_id))
        self._loaded[record_id] = values["version"]

    def _delete(self, record_id: UUID) -> None:
        self.session.execute(sa.delete(self.table).where(self.table.c.id == record_id))


def _delete_notes_on(session: Session, related_type: str, related_id: UUID) -> None:
    """An activity's discussion goes with it (its notes and their history)."""
    on_it = sa.select(notes.c.id).where(
        notes.c.related_type == related_type, notes.c.related_id == related_id
    )
    session.execute(sa.delete(note_revisions).where(note_revisions.c.note_id.in_(on_it)))
    # Replies first: a note's parent must outlive it within the statement order.
    session.execute(sa.delete(notes).where(notes.c.id.in_(on_it), notes.c.parent_id.is_not(None)))
    session.execute(sa.delete(notes).where(notes.c.id.in_(on_it)))


class TaskRepository(_Versioned):
    table = tasks

    def get(self, task_id: UUID) -> Task | None:
        row = self._get(task_id)
        return None if row is None else task_from_row(row)

    def by_source_event(self, event_id: str) -> Task | None:
        row = self.session.execute(
            sa.select(tasks).where(tasks.c.source_event_id == event_id)
        ).first()
        return None if row is None else task_from_row(row)

    def add(self, task: Task) -> None:
        self._insert(task_values(task))

    def save(self, task: Task) -> None:
        self._update(task.id, task_values(task))

    def remove(self, task: Task) -> None:
        _delete_notes_on(self.session, "task", task.id)
        self._delete(task.id)


class CalendarEventRepository(_Versioned):
    table = calendar_events

    def get(self, event_id: UUID) -> CalendarEvent | None:
        row = self._get(event_id)
        return None if row is None else event_from_row(row)

    def add(self, event: CalendarEvent) -> None:
        self._insert(event_values(event))

    def save(self, event: CalendarEvent) -> None:
        self._update(event.id, event_values(event))

    def remove(self, event: CalendarEvent) -> None:
        _delete_notes_on(self.session, "event", event.id)
        self._delete(event.id)


class NoteRepository(_Versioned):
    table = notes

    def get(self, note_id: UUID) -> Note | None:
        row = self._get(note_id)
        return None if row is None else note_from_row(row)

    def has_replies(self, note_id: UUID) -> bool:
        stmt = sa.select(notes.c.id).where(notes.c.parent_id == note_id).limit(1)
        return self.session.execute(stmt).first() is not None

    def add(self, note: Note) -> None:
        self._insert(note_values(note))
        self._write_revisions(note)

    def save(self, note: Note) -> None:
        self._update(note.id, note_values(note))
        self._write_revisions(note)

    def remove(self, note: Note) -> None:
        self.session.execute(sa.delete(note_revisions).where(note_revisions.c.note_id == note.id))
        self._delete(note.id)

    def _write_revisions(self, note: Note) -> None:
        if note.new_revisions:
            self.session.execute(
                sa.insert(note_revisions),
                [
                    {
                        "note_id": note.id,
                        "version": r.version,
                        "body": r.body,
                        "edited_by": r.edited_by,
                        "edited_at": r.edited_at,
                    }
                    for r in note.new_revisions
                ],
            )
            note.new_revisions.clear()


class TimelineRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def has_event(self, event_id: str) -> bool:
        stmt = sa.select(timeline_entries.c.id).where(timeline_entries.c.event_id == event_id)
        return self.session.execute(stmt).first() is not None

    def add(self, entry: TimelineEntry) -> None:
        self.session.execute(sa.insert(timeline_entries), entry_values(entry))

    def add_many(self, entries: list[TimelineEntry]) -> None:
        """Insert entries in one statement, leaving out those whose event is already on a
        timeline (each event once)."""
        ids = [e.event_id for e in entries]
        if not ids:
            return
        column = timeline_entries.c.event_id
        known = set(
            self.session.execute(
                sa.select(column).where(any_of(self.session, column, ids))
            ).scalars()
        )
        fresh = {e.event_id: e for e in entries if e.event_id not in known}
        # COPY on PostgreSQL: an import puts one entry per created record here.
        insert_many(self.session, timeline_entries, [entry_values(e) for e in fresh.values()])

    def account_of_contact(self, contact_id: UUID) -> UUID | None:
        """The account a contact we hold belongs to (to place contact-only events)."""
        stmt = sa.select(contacts.c.account_id).where(contacts.c.id == contact_id)
        return self.session.execute(stmt).scalar()

    def account_owner(self, account_id: UUID) -> UUID | None:
        stmt = sa.select(accounts.c.owner_id).where(accounts.c.id == account_id)
        return self.session.execute(stmt).scalar()
