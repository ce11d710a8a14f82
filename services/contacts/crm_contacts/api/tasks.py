"""Task routes: parse, call one use case or query, map the result."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_access import FieldAccess
from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_contacts.api.activity_schemas import TaskCreate, TaskListQuery, TaskOut, TaskPatch
from crm_contacts.api.schemas import redacted, sent
from crm_contacts.bootstrap import Contacts
from crm_contacts.domain.commands import CreateTask, DeleteTask, UpdateTask
from crm_contacts.domain.tasks import Task, TaskFields
from crm_contacts.service.activity_access import TASKS, today

bp = Blueprint("tasks")
BASE = "/api/contacts/v1/tasks"


def task_out(t: Task) -> TaskOut:
    return TaskOut(
        id=t.id,
        title=t.title,
        description=t.description,
        priority=t.priority,
        status=t.status,
        is_open=t.is_open,
        overdue=t.is_overdue(today()),
        due_date=t.due_date,
        reminder_at=t.reminder_at,
        related_type=t.related.type if t.related else None,
        related_id=t.related.id if t.related else None,
        owner_id=t.owner_id,
        created_by=t.created_by,
        completed_at=t.completed_at,
        source_event_id=t.source_event_id,
        created_at=t.created_at,
        updated_at=t.updated_at,
        version=t.version,
    )


def task_body(task: Task, fields: FieldAccess | None = None) -> dict[str, Any]:
    """The task as the caller may see it."""
    fields = fields or service(Contacts).access.fields(context.principal(), TASKS)
    return redacted(task_out(task), fields)


def _page(items: list[Task], cursor: str | None) -> dict[str, Any]:
    fields = service(Contacts).access.fields(context.principal(), TASKS)
    return {"items": [task_body(t, fields) for t in items], "next_cursor": cursor}


@bp.post(
    "/tasks",
    body=TaskCreate,
    response=TaskOut,
    status=201,
    permission=(TASKS, "create"),
    summary="Create a task",
)
def create_task(body: TaskCreate) -> Reply:
    command = CreateTask(TaskFields(**body.model_dump()), sent(body))
    task = service(Contacts).run(command, caller=context.principal())
    return Reply(task_body(task), location=f"{BASE}/{task.id}", etag=task.version)


@bp.get(
    "/tasks",
    query=TaskListQuery,
    response=Page[TaskOut],
    permission=(TASKS, "view"),
    summary="List tasks (mine, open, overdue, due_before, related_type/id, status)",
)
def list_tasks(query: TaskListQuery) -> dict[str, Any]:
    return _page(*service(Contacts).activities.list_tasks(context.principal(), query.params()))


@bp.get(
    "/tasks/overdue",
    query=TaskListQuery,
    response=Page[TaskOut],
    permission=(TASKS, "view"),
    summary="Open tasks past their due date",
)
def overdue_tasks(query: TaskListQuery) -> dict[str, Any]:
    params = query.params()
    params.filters["overdue"] = True
    return _page(*service(Contacts).activities.list_tasks(context.principal(), params))


@bp.get(
    "/tasks/<task_id>",
    response=TaskOut,
    permission=(TASKS, "view"),
    summary="Get a task",
)
def get_task(task_id: UUID) -> Reply:
    task = service(Contacts).activities.get_task(context.principal(), task_id)
    return Reply(task_body(task), etag=task.version)


@bp.patch(
    "/tasks/<task_id>",
    body=TaskPatch,
    response=TaskOut,
    permission=(TASKS, "edit"),
    summary="Change some fields of a task",
)
def patch_task(task_id: UUID, body: TaskPatch) -> Reply:
    fields = TaskFields(**body.model_dump(exclude={"reason"}))
    given = sent(body) - {"reason"}
    command = UpdateTask(task_id, fields, given, if_match(), reason=body.reason)
    task = service(Contacts).run(command, caller=context.principal())
    return Reply(task_body(task), etag=task.version)


@bp.delete("/tasks/<task_id>", response=None, permission=(TASKS, "delete"), summary="Delete a task")
def delete_task(task_id: UUID) -> None:
    service(Contacts).run(DeleteTask(task_id, if_match()), caller=context.principal())
