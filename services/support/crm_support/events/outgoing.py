"""Turn domain events into versioned integration events written to the outbox.

The unit of work hands every domain event an aggregate recorded to
``crm_chassis.events.outbox.OutboxRecorder``, which calls :func:`translate` and writes what
it returns to the outbox in the same transaction. Each published event is a message of
``protos/crm/support/v1/events.proto``; its type names the service, the aggregate and the
event, and a version. Ticket events' subject is the ticket id.
"""

from __future__ import annotations

from typing import Any

from crm.support.v1 import events_pb2 as ev
from crm_chassis.events.outbox import OutgoingEvent
from crm_chassis.grpc.convert import optional_timestamp, text
from crm_support.adapters.protos import ticket_message
from crm_support.domain import events

TICKET_OPENED = "support.ticket.opened.v1"
TICKET_ASSIGNED = "support.ticket.assigned.v1"
TICKET_STATUS_CHANGED = "support.ticket.status_changed.v1"
TICKET_RESOLVED = "support.ticket.resolved.v1"
TICKET_CLOSED = "support.ticket.closed.v1"
TICKET_REOPENED = "support.ticket.reopened.v1"
TICKET_COMMENT_ADDED = "support.ticket.comment_added.v1"


def _ticket_event(event: Any) -> OutgoingEvent | None:
    t = ticket_message(event.ticket)
    subject = str(event.ticket.id)
    match event:
        case events.TicketOpened():
            return OutgoingEvent(TICKET_OPENED, subject, ev.TicketOpened(ticket=t))
        case events.TicketAssigned():
            data = ev.TicketAssigned(
                ticket=t,
                previous_owner_id=text(event.previous_owner_id),
                reason=event.reason,
                rule_id=text(event.rule_id),
                assigned_by=event.by,
                assigned_at=optional_timestamp(event.at),
            )
            return OutgoingEvent(TICKET_ASSIGNED, subject, data)
        case events.TicketStatusChanged():
            data = ev.TicketStatusChanged(
                ticket=t,
                from_status=event.from_status,
                to_status=event.to_status,
                reason=text(event.reason),
                changed_by=event.by,
                changed_at=optional_timestamp(event.at),
            )
            return OutgoingEvent(TICKET_STATUS_CHANGED, subject, data)
        case events.TicketResolved():
            data = ev.TicketResolved(ticket=t, resolved_at=optional_timestamp(event.at))
            return OutgoingEvent(TICKET_RESOLVED, subject, data)
        case events.TicketClosed():
            data = ev.TicketClosed(ticket=t, closed_at=optional_timestamp(event.at))
            return OutgoingEvent(TICKET_CLOSED, subject, data)
        case events.TicketReopened():
            data = ev.TicketReopened(
                ticket=t,
                reason=event.reason,
                reopened_by=event.by,
                reopened_at=optional_timestamp(event.at),
            )
            return OutgoingEvent(TICKET_REOPENED, subject, data)
        case events.CommentAdded(comment=c):
            data = ev.TicketCommentAdded(
                ticket=t,
                comment_id=str(c.id),
                is_public=c.is_public,
                body=c.body if c.is_public else "",
                author_id=text(c.author_id),
                author_kind=c.author_kind,
                created_at=optional_timestamp(c.created_at),
                message_id=text(c.message_id),
            )
            return OutgoingEvent(TICKET_COMMENT_ADDED, subject, data)
    return None


def translate(event: Any) -> OutgoingEvent | None:
    """Return the integration event for a domain event, or None to keep it inside."""
    if isinstance(event, events.TicketUpdated):
        return None  # field edits are not published (contacts hears the lifecycle)
    if hasattr(event, "ticket"):
        return _ticket_event(event)
    return None
