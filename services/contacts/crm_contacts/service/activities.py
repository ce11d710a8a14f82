"""Task and call/meeting use cases, and the access rules activities and notes share.

Access is the other modules' (DOMAIN.md's order through :mod:`crm_chassis.access`) with
modules ``tasks``, ``events`` and ``notes``: a record belongs to its ``owner_id`` (a user
or a group); one the caller may not see answers 404, one they see but may not change 403.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database, utcnow
from crm_chassis.errors import FieldError, Forbidden, InvalidFields, NotFound
from crm_chassis.logging import get_logger
from crm_contacts.adapters.activity_repositories import (
    CalendarEventRepository,
    NoteRepository,
    TaskRepository,
    TimelineRepository,
)
from crm_contacts.adapters.repositories import OwnerRepository
from crm_contacts.domain.activities import CalendarEvent, Related, Task
from crm_contacts.domain.errors import AccountNotFound, ContactNotFound
from crm_contacts.service.access import Access
from crm_contacts.service.owners import check_owner, resolve_owner
from crm_contacts.service.queries import Queries

log = get_logger(__name__)

TASKS = "tasks"
EVENTS = "events"
NOTES = "notes"


class TaskNotFound(NotFound):
    def __init__(self, task_id: object) -> None:
        super().__init__(f"Task {task_id} does not exist.")


class EventNotFound(NotFound):
    def __init__(self, event_id: object) -> None:
        super().__init__(f"Event {event_id} does not exist.")


class ActivityUnitOfWork:
    """One transaction with the repositories activities, notes and the timeline write."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.tasks = TaskRepository(session)
        self.events = CalendarEventRepository(session)
        self.notes = NoteRepository(session)
        self.timeline = TimelineRepository(session)
        self.owners = OwnerRepository(session)


@contextmanager
def unit_of_work(db: Database) -> Iterator[ActivityUnitOfWork]:
    with db.transaction() as session:
        yield ActivityUnitOfWork(session)


class RecordAccess:
    """Record-level decisions on owned activity records (tasks, events, notes)."""

    def __init__(self, access: Access, queries: Queries) -> None:
        self.access = access
        self.queries = queries

    def visible(self, principal: Principal, module: str, owner_id: Any, action: str = "view"):
        scope = self.access.scope(principal, module, action)
        if scope.all:
            return True
        # Portal callers reach activities only through their own account's records.
        if scope.portal_account_id or scope.portal_contact_id:
            return False
        return scope.allows_owner(owner_id)

    def load(self, principal: Principal, module: str, record: Any, action: str, missing: Any):
        """Return ``record`` for ``action``: 404 when absent or invisible, 403 when read-only."""
        if record is None or not self.visible(principal, module, record.owner_id):
            raise missing
        if action != "view" and not self.visible(principal, module, record.owner_id, action):
            raise Forbidden(f"You may not {action} this record.")
        return record

    def my_owner_ids(self, principal: Principal) -> set[str]:
        """The caller and the groups they belong to ("mine" = assigned to me or my group)."""
        decider = self.access.store.decider()
        return {principal.subject, *decider.groups_of(principal.subject)}

    def check_related(self, principal: Principal, related: Related | None) -> None:
        """Refuse (422) a relation to an account or contact the caller cannot see.

        Records of other services are referred to by id only: contacts cannot check them
        without a call per write, and a stale id there harms nobody.
        """
        if related is None or related.type not in ("account", "contact"):
            return
        try:
            if related.type == "account":
                self.queries.get_account(principal, related.id)
            else:
                self.queries.get_contact(principal, related.id)
        except (AccountNotFound, ContactNotFound):
            raise InvalidFields(
                [FieldError("related_id", f"no {related.type} with this id")]
            ) from None


class ActivityService:
    """Commands on tasks and calls/meetings."""

    def __init__(self, db: Database, access: Access, queries: Queries) -> None:
        self.db = db
        self.access = access
        self.records = RecordAccess(access, queries)

    # -- tasks -------------------------------------------------------------------------------

    def create_task(self, principal: Principal, fields: dict[str, Any]) -> Task:
        """Create a task assigned to ``owner_id`` (default: the caller)."""
        self.access.require(principal, TASKS, "create")
        self.access.check_writable(principal, TASKS, fields.keys())
        fields = dict(fields)
        with unit_of_work(self.db) as uow:
            owner_id = resolve_owner(
                uow, principal, fields.pop("owner_id", None), self.access.is_group
            )
            task = Task.create(
                id=uuid.uuid4(),
                owner_id=owner_id,
                created_by=principal.subject,
                now=utcnow(),
                fields=fields,
            )
            self.records.check_related(principal, task.related)
            uow.tasks.add(task)
        log.info("task.created", task_id=str(task.id))
        return task

    def update_task(
        self, principal: Principal, task_id: UUID, changes: dict[str, Any], expected: int | None
    ) -> Task:
        """Change some fields; 412 when ``expected`` is stale."""
        self.access.require(principal, TASKS, "edit")
        self.access.check_writable(principal, TASKS, changes.keys())
        with unit_of_work(self.db) as uow:
            task = self.records.load(
                principal, TASKS, uow.tasks.get(task_id), "edit", TaskNotFound(task_id)
            )
            if "owner_id" in changes and changes["owner_id"] != task.owner_id:
                check_owner(uow, changes["owner_id"], self.access.is_group)
            before = task.related
            changed = task.update(changes, now=utcnow(), expected_version=expected)
            if "related" in changed and task.related != before:
                self.records.check_related(principal, task.related)
            uow.tasks.save(task)
        if changed:
            log.info("task.updated", task_id=str(task_id), fields=list(changed))
        return task

    def delete_task(self, principal: Principal, task_id: UUID, expected: int | None) -> None:
        self.access.require(principal, TASKS, "delete")
        with unit_of_work(self.db) as uow:
            task = self.records.load(
                principal, TASKS, uow.tasks.get(task_id), "delete", TaskNotFound(task_id)
            )
            task.expect_version(expected)
            uow.tasks.remove(task)
        log.info("task.deleted", task_id=str(task_id))

    # -- calls and meetings ------------------------------------------------------------------

    def create_event(self, principal: Principal, fields: dict[str, Any]) -> CalendarEvent:
        """Log a call or schedule a meeting, owned by ``owner_id`` (default: the caller)."""
        self.access.require(principal, EVENTS, "create")
        self.access.check_writable(principal, EVENTS, fields.keys())
        fields = dict(fields)
        with unit_of_work(self.db) as uow:
            owner_id = resolve_owner(
                uow, principal, fields.pop("owner_id", None), self.access.is_group
            )
            event = CalendarEvent.create(
                id=uuid.uuid4(),
                owner_id=owner_id,
                created_by=principal.subject,
                now=utcnow(),
                fields=fields,
            )
            self.records.check_related(principal, event.related)
            uow.events.add(event)
        log.info("event.created", calendar_event_id=str(event.id), kind=event.kind)
        return event

    def update_event(
        self, principal: Principal, event_id: UUID, changes: dict[str, Any], expected: int | None
    ) -> CalendarEvent:
        self.access.require(principal, EVENTS, "edit")
        self.access.check_writable(principal, EVENTS, changes.keys())
        with unit_of_work(self.db) as uow:
            event = self.records.load(
                principal, EVENTS, uow.events.get(event_id), "edit", EventNotFound(event_id)
            )
            if "owner_id" in changes and changes["owner_id"] != event.owner_id:
                check_owner(uow, changes["owner_id"], self.access.is_group)
            before = event.related
            changed = event.update(changes, now=utcnow(), expected_version=expected)
            if "related" in changed and event.related != before:
                self.records.check_related(principal, event.related)
            uow.events.save(event)
        return event

    def delete_event(self, principal: Principal, event_id: UUID, expected: int | None) -> None:
        self.access.require(principal, EVENTS, "delete")
        with unit_of_work(self.db) as uow:
            event = self.records.load(
                principal, EVENTS, uow.events.get(event_id), "delete", EventNotFound(event_id)
            )
            event.expect_version(expected)
            uow.events.remove(event)


def today() -> date:
    """The current UTC date (what "overdue" is measured against)."""
    return utcnow().date()
