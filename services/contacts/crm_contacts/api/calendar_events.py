"""Call and meeting routes (the ``events`` collection): parse, call one use case, map."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_access import FieldAccess
from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match, service
from crm_contacts.api.activity_schemas import EventCreate, EventListQuery, EventOut, EventPatch
from crm_contacts.api.schemas import redacted, sent
from crm_contacts.bootstrap import Contacts
from crm_contacts.domain.calendar_events import CalendarEvent, CalendarEventFields, Participant
from crm_contacts.domain.commands import (
    CreateCalendarEvent,
    DeleteCalendarEvent,
    UpdateCalendarEvent,
)
from crm_contacts.service.activity_access import EVENTS

bp = Blueprint("events")
BASE = "/api/contacts/v1/events"


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


def event_body(event: CalendarEvent, fields: FieldAccess | None = None) -> dict[str, Any]:
    """The call or meeting as the caller may see it."""
    fields = fields or service(Contacts).access.fields(context.principal(), EVENTS)
    return redacted(event_out(event), fields)


def event_fields(body: EventCreate | EventPatch) -> CalendarEventFields:
    """The domain's fields of a request body (what was not sent stays None)."""
    people = body.participants
    return CalendarEventFields(
        **body.model_dump(exclude={"participants"}),
        participants=None
        if people is None
        else tuple(Participant.from_dict(p.model_dump()) for p in people),
    )


@bp.post(
    "/events",
    body=EventCreate,
    response=EventOut,
    status=201,
    permission=(EVENTS, "create"),
    summary="Log a call or schedule a meeting",
)
def create_event(body: EventCreate) -> Reply:
    command = CreateCalendarEvent(event_fields(body), sent(body))
    event = service(Contacts).run(command, caller=context.principal())
    return Reply(event_body(event), location=f"{BASE}/{event.id}", etag=event.version)


@bp.get(
    "/events",
    query=EventListQuery,
    response=Page[EventOut],
    permission=(EVENTS, "view"),
    summary="List calls and meetings (by start)",
)
def list_events(query: EventListQuery) -> dict[str, Any]:
    app, caller = service(Contacts), context.principal()
    items, cursor = app.activities.list_events(caller, query.params())
    fields = app.access.fields(caller, EVENTS)
    return {"items": [event_body(e, fields) for e in items], "next_cursor": cursor}


@bp.get(
    "/events/<event_id>",
    response=EventOut,
    permission=(EVENTS, "view"),
    summary="Get a call or meeting",
)
def get_event(event_id: UUID) -> Reply:
    event = service(Contacts).activities.get_event(context.principal(), event_id)
    return Reply(event_body(event), etag=event.version)


@bp.patch(
    "/events/<event_id>",
    body=EventPatch,
    response=EventOut,
    permission=(EVENTS, "edit"),
    summary="Change a call or meeting (outcome, ...)",
)
def patch_event(event_id: UUID, body: EventPatch) -> Reply:
    command = UpdateCalendarEvent(event_id, event_fields(body), sent(body), if_match())
    event = service(Contacts).run(command, caller=context.principal())
    return Reply(event_body(event), etag=event.version)


@bp.delete(
    "/events/<event_id>",
    response=None,
    permission=(EVENTS, "delete"),
    summary="Delete a call or meeting",
)
def delete_event(event_id: UUID) -> None:
    service(Contacts).run(DeleteCalendarEvent(event_id, if_match()), caller=context.principal())
