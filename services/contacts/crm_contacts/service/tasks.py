"""Task use cases: create, change, delete (one function per command)."""

from __future__ import annotations

import uuid
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.logging import get_logger
from crm_contacts.domain.commands import CreateTask, DeleteTask, UpdateTask
from crm_contacts.domain.tasks import Task, TaskFields
from crm_contacts.service import own_timeline
from crm_contacts.service.activity_access import (
    TASKS,
    check_related,
    check_remote_first,
    load_owned,
)
from crm_contacts.service.owners import check_owner, resolve_owner
from crm_contacts.service.queries import Queries
from crm_contacts.service.remote_records import RemoteRecords
from crm_contacts.service.unit_of_work import UnitOfWorkFactory

log = get_logger(__name__)


def create_task(
    cmd: CreateTask,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    queries: Queries,
    remote: RemoteRecords,
    caller: Principal,
) -> Task:
    """Create a task assigned to ``owner_id`` (default: the caller)."""
    access.require(caller, TASKS, "create")
    access.check_writable(caller, TASKS, cmd.sent)
    fields = cmd.fields
    check_remote_first(remote, {"related_type", "related_id"}, *_relation(fields))
    with uow() as tx:
        owner_id = resolve_owner(tx, caller, cmd.fields.owner_id, access)
        task = Task.create(
            id=uuid.uuid4(),
            owner_id=owner_id,
            created_by=caller.subject,
            now=utcnow(),
            fields=cmd.fields,
        )
        check_related(queries, caller, task.related)
        tx.tasks.add(task)
        own_timeline.task_changed(tx, task, None, None)
    log.info("task.created", task_id=str(task.id))
    return task


def update_task(
    cmd: UpdateTask,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    queries: Queries,
    remote: RemoteRecords,
    caller: Principal,
) -> Task:
    """Change some fields; 412 when the expected version is stale."""
    access.require(caller, TASKS, "edit")
    access.check_writable(caller, TASKS, cmd.sent)
    with uow() as tx:
        current = tx.tasks.get(cmd.task_id)
    if current is not None:
        check_remote_first(remote, cmd.sent, *_relation(cmd.fields), current.related)
    with uow() as tx:
        found = tx.tasks.get(cmd.task_id)
        task = load_owned(access, caller, TASKS, found, "edit", ("Task", cmd.task_id))
        if "owner_id" in cmd.sent and cmd.fields.owner_id != task.owner_id:
            check_owner(tx, cmd.fields.owner_id, access)
        before, was_open = task.related, task.is_open
        changed = task.update(
            cmd.fields,
            cmd.sent,
            now=utcnow(),
            expected_version=cmd.expected_version,
            reason=cmd.reason,
        )
        if "related" in changed and task.related != before:
            check_related(queries, caller, task.related)
        tx.tasks.save(task)
        if changed:
            own_timeline.task_changed(tx, task, was_open, cmd.reason)
    if changed:
        log.info("task.updated", task_id=str(cmd.task_id), fields=list(changed))
    return task


def _relation(fields: TaskFields) -> tuple[str | None, UUID | None]:
    return fields.related_type, fields.related_id


def delete_task(
    cmd: DeleteTask, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    """Delete a task (412 when the expected version is stale)."""
    access.require(caller, TASKS, "delete")
    with uow() as tx:
        found = tx.tasks.get(cmd.task_id)
        task = load_owned(access, caller, TASKS, found, "delete", ("Task", cmd.task_id))
        task.expect_version(cmd.expected_version)
        tx.tasks.remove(task)
    log.info("task.deleted", task_id=str(cmd.task_id))
