"""Tasks: work to do, owned by a user or a group, due on a date, about any record.

Pick lists follow docs/domain.md; the statuses also accept the seeds' Open/Closed, so imported
vtiger data keeps its values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from uuid import UUID

from crm_chassis.fields import Checker, text
from crm_chassis.states import StateMachine
from crm_contacts.domain.activities import (
    RELATED_TYPES,
    Owned,
    Related,
    check_related,
    refuse_unknown,
)

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
_WORKING = frozenset(TASK_STATUSES) - DONE_STATUSES

#: Open statuses move freely among themselves and to a done one; a done task is final
#: until it is reopened with a reason (PATCH ``status`` with ``reason``).
TASK_STATUS = StateMachine(
    "task",
    transitions={
        **{s: frozenset(TASK_STATUSES) - {s} for s in TASK_STATUSES if s in _WORKING},
        "Completed": frozenset(),
        "Closed": frozenset(),
    },
    initial="Open",
    reopen={
        "Completed": frozenset({"Open", "In Progress"}),
        "Closed": frozenset({"Open", "In Progress"}),
    },
)
PRIORITIES: tuple[str, ...] = ("High", "Medium", "Low")


# -- tasks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskFields:
    """A task's editable fields as a client gives them (None: not given, or cleared)."""

    title: str | None = None
    description: str | None = None
    priority: str | None = None
    status: str | None = None
    due_date: date | None = None
    reminder_at: datetime | None = None
    related_type: str | None = None
    related_id: UUID | None = None
    owner_id: UUID | None = None


@dataclass(frozen=True)
class _TaskValues:
    title: str
    description: str | None
    priority: str
    status: str
    due_date: date | None
    reminder_at: datetime | None
    related: Related | None


@dataclass
class Task(Owned):
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

    EDITABLE = tuple(f.name for f in dataclasses.fields(TaskFields))

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        owner_id: UUID,
        created_by: str,
        now: datetime,
        fields: TaskFields,
        source_event_id: str | None = None,
    ) -> Task:
        """Build a new task from the given fields, enforcing the rules."""
        values = _clean_task(fields)
        task = cls(
            id=id,
            title=values.title,
            owner_id=owner_id,
            created_by=created_by,
            created_at=now,
            updated_at=now,
            source_event_id=source_event_id,
        )
        task._apply(values, owner_id)
        if task.status in DONE_STATUSES:
            task.completed_at = now
        return task

    def update(
        self,
        fields: TaskFields,
        sent: Iterable[str],
        *,
        now: datetime,
        expected_version: int | None,
        reason: str | None = None,
    ) -> tuple[str, ...]:
        """Apply the ``sent`` fields; return the changed fields (none: nothing happens).

        A status change follows :data:`TASK_STATUS` (409 naming the allowed next ones);
        a done task reopens only with a ``reason``."""
        self.expect_version(expected_version)
        refuse_unknown(sent, self.EDITABLE)
        given = {n: getattr(fields, n) for n in sent if n != "owner_id"}
        values = _clean_task(replace(self.editable(), **given))
        if values.status != self.status:
            if self.status in TASK_STATUS.terminal:
                TASK_STATUS.check_reopen(self.status, values.status, reason)
            else:
                TASK_STATUS.check(self.status, values.status)
        owner_id = fields.owner_id if "owner_id" in sent else self.owner_id
        was_open = self.is_open
        changed = self._apply(values, owner_id)
        if not changed:
            return changed
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

    def editable(self) -> TaskFields:
        """The editable fields as they are now."""
        return TaskFields(
            title=self.title,
            description=self.description,
            priority=self.priority,
            status=self.status,
            due_date=self.due_date,
            reminder_at=self.reminder_at,
            related_type=self.related.type if self.related else None,
            related_id=self.related.id if self.related else None,
            owner_id=self.owner_id,
        )


def _clean_task(fields: TaskFields) -> _TaskValues:
    check = Checker()
    title = check.text("title", fields.title, required=True)
    priority = check.pick("priority", text(fields.priority) or "Medium", PRIORITIES)
    status = check.pick("status", text(fields.status) or "Open", TASK_STATUSES)
    related = check_related(check, fields.related_type, fields.related_id, RELATED_TYPES)
    check.raise_if_any()
    return _TaskValues(
        title=title or "",
        description=text(fields.description),
        priority=priority or "Medium",
        status=status or "Open",
        due_date=fields.due_date,
        reminder_at=fields.reminder_at,
        related=related,
    )
