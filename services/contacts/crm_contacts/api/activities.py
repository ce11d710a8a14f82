"""Task and call/meeting routes: parse, call one use case, map the result."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Api, Page, Reply, if_match
from crm_contacts.api.activity_schemas import (
    EventCreate,
    EventListQuery,
    EventOut,
    EventPatch,
    TaskCreate,
    TaskListQuery,
    TaskOut,
    TaskPatch,
)
from crm_contacts.domain.activities import CalendarEvent, Task
from crm_contacts.service.activities import EVENTS, TASKS, ActivityService, today
from crm_contacts.service.activity_queries import ActivityQueries

BASE = "/api/contacts/v1"
TASK_FILTERS = (
    "related_type",
    "related_id",
    "status",
    "priority",
    "owner_id",
    "due_before",
    "mine",
    "open",
    "overdue",
    "reminder_due",
)
EVENT_FILTERS = (
    "related_type",
    "related_id",
    "owner_id",
    "kind",
    "status",
    "start_after",
    "start_before",
    "mine",
)


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


def event_out(e: CalendarEvent) -> EventOut:
    return EventOut(
        id=e.id,
        kind=e.kind,
        title=e.title,
        start=e.start,
        end=e.end,
        status=e.status,
        outcome=e.outcome,
        location=e.location,
        description=e.description,
        participants=[p.as_dict() for p in e.participants],
        reminder_at=e.reminder_at,
        related_type=e.related.type if e.related else None,
        related_id=e.related.id if e.related else None,
        owner_id=e.owner_id,
        created_by=e.created_by,
        created_at=e.created_at,
        updated_at=e.updated_at,
        version=e.version,
    )


def register(api: Api, commands: ActivityService, queries: ActivityQueries) -> None:
    access = commands.access

    def shown(module: str, body: Any) -> dict[str, Any]:
        return access.fields(context.principal(), module).redact(body.model_dump(mode="json"))

    # -- tasks -------------------------------------------------------------------------------

    @api.route(
        "/tasks",
        "POST",
        body=TaskCreate,
        response=TaskOut,
        status=201,
        permission=(TASKS, "create"),
        summary="Create a task",
    )
    def create_task(body: TaskCreate) -> Reply:
        task = commands.create_task(context.principal(), body.model_dump(exclude_unset=True))
        return Reply(
            shown(TASKS, task_out(task)),
            status=201,
            location=f"{BASE}/tasks/{task.id}",
            etag=task.version,
        )

    @api.route(
        "/tasks",
        "GET",
        query=TaskListQuery,
        response=Page[TaskOut],
        permission=(TASKS, "view"),
        summary="List tasks (mine, open, overdue, due_before, related_type/id, status)",
    )
    def list_tasks(query: TaskListQuery) -> Reply:
        items, cursor = queries.list_tasks(context.principal(), query.params())
        return Reply({"items": [shown(TASKS, task_out(t)) for t in items], "next_cursor": cursor})

    @api.route(
        "/tasks/overdue",
        "GET",
        query=TaskListQuery,
        response=Page[TaskOut],
        permission=(TASKS, "view"),
        summary="Open tasks past their due date",
    )
    def overdue_tasks(query: TaskListQuery) -> Reply:
        params = query.params()
        params.filters["overdue"] = True
        items, cursor = queries.list_tasks(context.principal(), params)
        return Reply({"items": [shown(TASKS, task_out(t)) for t in items], "next_cursor": cursor})

    @api.route(
        "/tasks/<task_id>",
        "GET",
        response=TaskOut,
        permission=(TASKS, "view"),
        summary="Get a task",
    )
    def get_task(task_id: UUID) -> Reply:
        task = queries.get_task(context.principal(), task_id)
        return Reply(shown(TASKS, task_out(task)), etag=task.version)

    @api.route(
        "/tasks/<task_id>",
        "PATCH",
        body=TaskPatch,
        response=TaskOut,
        permission=(TASKS, "edit"),
        summary="Change some fields of a task",
    )
    def patch_task(task_id: UUID, body: TaskPatch) -> Reply:
        task = commands.update_task(
            context.principal(), task_id, body.model_dump(exclude_unset=True), if_match()
        )
        return Reply(shown(TASKS, task_out(task)), etag=task.version)

    @api.route(
        "/tasks/<task_id>",
        "DELETE",
        status=204,
        permission=(TASKS, "delete"),
        summary="Delete a task",
    )
    def delete_task(task_id: UUID) -> Reply:
        commands.delete_task(context.principal(), task_id, if_match())
        return Reply(None, status=204)

    # -- calls and meetings ------------------------------------------------------------------

    @api.route(
        "/events",
        "POST",
        body=EventCreate,
        response=EventOut,
        status=201,
        permission=(EVENTS, "create"),
        summary="Log a call or schedule a meeting",
    )
    def create_event(body: EventCreate) -> Reply:
        event = commands.create_event(context.principal(), body.model_dump(exclude_unset=True))
        return Reply(
            shown(EVENTS, event_out(event)),
            status=201,
            location=f"{BASE}/events/{event.id}",
            etag=event.version,
        )

    @api.route(
        "/events",
        "GET",
        query=EventListQuery,
        response=Page[EventOut],
        permission=(EVENTS, "view"),
        summary="List calls and meetings (by start)",
    )
    def list_events(query: EventListQuery) -> Reply:
        items, cursor = queries.list_events(context.principal(), query.params())
        return Reply({"items": [shown(EVENTS, event_out(e)) for e in items], "next_cursor": cursor})

    @api.route(
        "/events/<event_id>",
        "GET",
        response=EventOut,
        permission=(EVENTS, "view"),
        summary="Get a call or meeting",
    )
    def get_event(event_id: UUID) -> Reply:
        event = queries.get_event(context.principal(), event_id)
        return Reply(shown(EVENTS, event_out(event)), etag=event.version)

    @api.route(
        "/events/<event_id>",
        "PATCH",
        body=EventPatch,
        response=EventOut,
        permission=(EVENTS, "edit"),
        summary="Change a call or meeting (outcome, ...)",
    )
    def patch_event(event_id: UUID, body: EventPatch) -> Reply:
        event = commands.update_event(
            context.principal(), event_id, body.model_dump(exclude_unset=True), if_match()
        )
        return Reply(shown(EVENTS, event_out(event)), etag=event.version)

    @api.route(
        "/events/<event_id>",
        "DELETE",
        status=204,
        permission=(EVENTS, "delete"),
        summary="Delete a call or meeting",
    )
    def delete_event(event_id: UUID) -> Reply:
        commands.delete_event(context.principal(), event_id, if_match())
        return Reply(None, status=204)
