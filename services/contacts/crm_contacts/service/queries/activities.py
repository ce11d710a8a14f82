"""Reads of tasks, calls/meetings and notes: gets and keyset-paged lists, access in SQL.

Each list applies the caller's record scope (``owner_id IN (...)``) in the query itself, so
pages stay full and index-backed; nothing is filtered after the fetch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_access.field_queries import check_query_fields
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database, utcnow
from crm_chassis.errors import RecordNotFound
from crm_chassis.pagination import Cursor, decode_cursor, encode_cursor, keyset, page, parse_sort
from crm_contacts.adapters.activity_repositories import (
    event_from_row,
    note_from_row,
    revision_from_row,
    task_from_row,
)
from crm_contacts.adapters.activity_tables import calendar_events, note_revisions, notes, tasks
from crm_contacts.domain.calendar_events import CalendarEvent
from crm_contacts.domain.notes import Note, Revision
from crm_contacts.domain.tasks import Task
from crm_contacts.service.activity_access import EVENTS, NOTES, TASKS, my_owner_ids, today
from crm_contacts.service.queries.records import ListParams, like_pattern


@dataclass(frozen=True)
class _Spec:
    module: str
    noun: str
    table: sa.Table
    sorts: dict[str, tuple[sa.Column[Any], Callable[[Any], Any]]]
    default_sort: str
    from_row: Callable[[Any], Any]
    search: sa.Column[Any]


# The record fields a list parameter reads when not the field of its own name (issue 12
# case 2: a filter or sort on a hidden field is 403; q= on a hidden field matches nothing).
_READS: dict[str, tuple[str, ...]] = {
    "open": ("status",),
    "overdue": ("status", "due_date"),
    "reminder_due": ("status", "reminder_at"),
    "due_before": ("due_date",),
    "start_after": ("start",),
    "start_before": ("start",),
    "mine": ("owner_id",),
    "top_level": ("parent_id",),
    "updated_since": ("updated_at",),
}


TASK_SPEC = _Spec(
    TASKS,
    "Task",
    tasks,
    {
        "due_date": (
            tasks.c.due_key,
            lambda t: t.due_date.isoformat() if t.due_date else "9999-12-31",
        ),
        "created_at": (tasks.c.created_at, lambda t: t.created_at),
        "updated_at": (tasks.c.updated_at, lambda t: t.updated_at),
    },
    "due_date",
    task_from_row,
    tasks.c.title,
)
EVENT_SPEC = _Spec(
    EVENTS,
    "Event",
    calendar_events,
    {
        "start": (calendar_events.c.start_at, lambda e: e.start),
        "created_at": (calendar_events.c.created_at, lambda e: e.created_at),
        "updated_at": (calendar_events.c.updated_at, lambda e: e.updated_at),
    },
    "start",
    event_from_row,
    calendar_events.c.title,
)
NOTE_SPEC = _Spec(
    NOTES,
    "Note",
    notes,
    {
        "created_at": (notes.c.created_at, lambda n: n.created_at),
        "updated_at": (notes.c.updated_at, lambda n: n.updated_at),
    },
    "created_at",
    note_from_row,
    notes.c.body,
)


class ActivityQueries:
    """Reads of tasks, calls/meetings and notes, bound to one database and access policy."""

    def __init__(self, db: Database, access: RecordAccess) -> None:
        self.db = db
        self.access = access

    # -- one ---------------------------------------------------------------------------------

    def get_task(self, principal: Principal, task_id: UUID) -> Task:
        return self._get(TASK_SPEC, principal, task_id)

    def get_event(self, principal: Principal, event_id: UUID) -> CalendarEvent:
        return self._get(EVENT_SPEC, principal, event_id)

    def get_note(self, principal: Principal, note_id: UUID) -> Note:
        return self._get(NOTE_SPEC, principal, note_id)

    def note_history(
        self, principal: Principal, note_id: UUID, *, limit: int, cursor: str | None
    ) -> tuple[list[Revision], str | None]:
        """Every version of a note, oldest first (404 when the note is not visible)."""
        self.get_note(principal, note_id)
        stmt = sa.select(note_revisions).where(note_revisions.c.note_id == note_id)
        if cursor:
            after = decode_cursor(cursor, sort="version", descending=False)
            stmt = stmt.where(note_revisions.c.version > int(after.value))
        stmt = stmt.order_by(note_revisions.c.version).limit(limit + 1)
        with self.db.reading() as session:
            found = [revision_from_row(r) for r in session.execute(stmt)]
        if len(found) <= limit:
            return found, None
        found = found[:limit]
        return found, encode_cursor(Cursor("version", False, found[-1].version, str(note_id)))

    # -- lists -------------------------------------------------------------------------------

    def list_tasks(self, principal: Principal, params: ListParams) -> tuple[list[Task], str | None]:
        """Tasks by due date; ``mine``, ``open``, ``overdue``, ``due_before`` and field filters."""
        f = params.filters
        conditions: list[Any] = []
        for name in ("related_type", "related_id", "owner_id", "priority"):
            if f.get(name) is not None:
                conditions.append(tasks.c[name] == f[name])
        statuses = f.get("status")
        if statuses:
            statuses = [statuses] if isinstance(statuses, str) else list(statuses)
            conditions.append(tasks.c.status.in_(statuses))
        if f.get("open") is not None:
            conditions.append(tasks.c.is_open.is_(bool(f["open"])))
        if f.get("overdue"):
            conditions += [tasks.c.is_open.is_(True), tasks.c.due_date < today()]
        if f.get("reminder_due"):
            # Reminders to show now: open tasks whose reminder time has come.
            conditions += [tasks.c.is_open.is_(True), tasks.c.reminder_at <= utcnow()]
        due_before: date | None = f.get("due_before")
        if due_before is not None:
            conditions.append(tasks.c.due_date < due_before)
        if f.get("mine"):
            mine = [UUID(i) for i in sorted(my_owner_ids(self.access, principal)) if _is_uuid(i)]
            conditions.append(tasks.c.owner_id.in_(mine))
        return self._list(TASK_SPEC, principal, params, conditions)

    def list_events(
        self, principal: Principal, params: ListParams
    ) -> tuple[list[CalendarEvent], str | None]:
        f = params.filters
        t = calendar_events
        conditions: list[Any] = []
        for name in ("related_type", "related_id", "owner_id", "kind", "status"):
            if f.get(name) is not None:
                conditions.append(t.c[name] == f[name])
        if f.get("start_after") is not None:
            conditions.append(t.c.start_at >= f["start_after"])
        if f.get("start_before") is not None:
            conditions.append(t.c.start_at < f["start_before"])
        if f.get("mine"):
            mine = [UUID(i) for i in sorted(my_owner_ids(self.access, principal)) if _is_uuid(i)]
            conditions.append(t.c.owner_id.in_(mine))
        return self._list(EVENT_SPEC, principal, params, conditions)

    def list_notes(self, principal: Principal, params: ListParams) -> tuple[list[Note], str | None]:
        f = params.filters
        conditions = [
            notes.c[name] == f[name]
            for name in ("related_type", "related_id", "parent_id", "owner_id")
            if f.get(name) is not None
        ]
        if f.get("top_level"):
            conditions.append(notes.c.parent_id.is_(None))
        return self._list(NOTE_SPEC, principal, params, conditions)

    # -- machinery ---------------------------------------------------------------------------

    def _scoped(self, spec: _Spec, principal: Principal, stmt: sa.Select[Any]) -> sa.Select[Any]:
        condition = self.access.scope(principal, spec.module, "view").sql(
            spec.table.c.owner_id, convert=UUID
        )
        return stmt if condition is None else stmt.where(condition)

    def _get(self, spec: _Spec, principal: Principal, record_id: UUID) -> Any:
        self.access.require(principal, spec.module, "view")
        stmt = self._scoped(
            spec, principal, sa.select(spec.table).where(spec.table.c.id == record_id)
        )
        with self.db.reading() as session:
            row = session.execute(stmt).first()
        if row is None:
            raise RecordNotFound(spec.noun, record_id)
        return spec.from_row(row)

    def _check_hidden(
        self, spec: _Spec, principal: Principal, params: ListParams, sort: str
    ) -> frozenset[str]:
        """403 naming the field if a filter or the sort reads one hidden from the caller;
        the caller's hidden fields otherwise."""
        fields = self.access.fields(principal, spec.module)
        used = {
            name: _READS.get(name, (name,))
            for name, value in params.filters.items()
            if value not in (None, "", False)
        }
        if params.updated_since is not None:
            used["updated_since"] = _READS["updated_since"]
        if params.sort:
            used["sort"] = (sort,)
        check_query_fields(fields, used)
        return fields.hidden

    def _list(
        self, spec: _Spec, principal: Principal, params: ListParams, conditions: list[Any]
    ) -> tuple[list[Any], str | None]:
        self.access.require(principal, spec.module, "view")
        sort, descending = parse_sort(params.sort, set(spec.sorts), spec.default_sort)
        column, key = spec.sorts[sort]
        hidden = self._check_hidden(spec, principal, params, sort)
        stmt = self._scoped(spec, principal, sa.select(spec.table))
        for condition in conditions:
            stmt = stmt.where(condition)
        if params.updated_since is not None:
            stmt = stmt.where(spec.table.c.updated_at >= params.updated_since)
        if params.q and params.q.strip():
            found_in = sa.func.lower(spec.search).like(like_pattern(params.q), escape="\\")
            stmt = stmt.where(sa.false() if spec.search.name in hidden else found_in)
        after = (
            decode_cursor(params.cursor, sort=sort, descending=descending)
            if params.cursor
            else None
        )
        stmt = keyset(
            stmt, column, spec.table.c.id, descending=descending, after=after, limit=params.limit
        )
        with self.db.reading() as session:
            found = [spec.from_row(r) for r in session.execute(stmt)]
        return page(
            found,
            limit=params.limit,
            sort=sort,
            descending=descending,
            key=lambda item: (key(item), item.id),
        )


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True
