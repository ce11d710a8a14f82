"""Call and meeting use cases: log or schedule, change, delete."""

from __future__ import annotations

import uuid

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.logging import get_logger
from crm_contacts.domain.calendar_events import CalendarEvent
from crm_contacts.domain.commands import (
    CreateCalendarEvent,
    DeleteCalendarEvent,
    UpdateCalendarEvent,
)
from crm_contacts.service import own_timeline
from crm_contacts.service.activity_access import (
    EVENTS,
    check_related,
    check_remote_first,
    load_owned,
)
from crm_contacts.service.owners import check_owner, resolve_owner
from crm_contacts.service.queries import Queries
from crm_contacts.service.remote_records import RemoteRecords
from crm_contacts.service.unit_of_work import UnitOfWorkFactory

log = get_logger(__name__)


def create_calendar_event(
    cmd: CreateCalendarEvent,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    queries: Queries,
    remote: RemoteRecords,
    caller: Principal,
) -> CalendarEvent:
    """Log a call or schedule a meeting, owned by ``owner_id`` (default: the caller)."""
    access.require(caller, EVENTS, "create")
    access.check_writable(caller, EVENTS, cmd.sent)
    relation = (cmd.fields.related_type, cmd.fields.related_id)
    check_remote_first(remote, {"related_type", "related_id"}, *relation)
    with uow() as tx:
        owner_id = resolve_owner(tx, caller, cmd.fields.owner_id, access)
        event = CalendarEvent.create(
            id=uuid.uuid4(),
            owner_id=owner_id,
            created_by=caller.subject,
            now=utcnow(),
            fields=cmd.fields,
        )
        check_related(queries, caller, event.related)
        tx.events.add(event)
        own_timeline.event_changed(tx, event, None)
    log.info("event.created", calendar_event_id=str(event.id), kind=event.kind)
    return event


def update_calendar_event(
    cmd: UpdateCalendarEvent,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    queries: Queries,
    remote: RemoteRecords,
    caller: Principal,
) -> CalendarEvent:
    """Change a call or meeting (its outcome, ...); 412 when the version is stale."""
    access.require(caller, EVENTS, "edit")
    access.check_writable(caller, EVENTS, cmd.sent)
    with uow() as tx:
        current = tx.events.get(cmd.event_id)
    if current is not None:
        relation = (cmd.fields.related_type, cmd.fields.related_id)
        check_remote_first(remote, cmd.sent, *relation, current.related)
    with uow() as tx:
        found = tx.events.get(cmd.event_id)
        event = load_owned(access, caller, EVENTS, found, "edit", ("Event", cmd.event_id))
        if "owner_id" in cmd.sent and cmd.fields.owner_id != event.owner_id:
            check_owner(tx, cmd.fields.owner_id, access)
        before, status = event.related, event.status
        changed = event.update(
            cmd.fields, cmd.sent, now=utcnow(), expected_version=cmd.expected_version
        )
        if "related" in changed and event.related != before:
            check_related(queries, caller, event.related)
        tx.events.save(event)
        if changed:
            own_timeline.event_changed(tx, event, status)
    return event


def delete_calendar_event(
    cmd: DeleteCalendarEvent, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    """Delete a call or meeting (412 when the expected version is stale)."""
    access.require(caller, EVENTS, "delete")
    with uow() as tx:
        found = tx.events.get(cmd.event_id)
        event = load_owned(access, caller, EVENTS, found, "delete", ("Event", cmd.event_id))
        event.expect_version(cmd.expected_version)
        tx.events.remove(event)
