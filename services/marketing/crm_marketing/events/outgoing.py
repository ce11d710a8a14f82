"""Turn domain events into versioned integration events written to the outbox.

The unit of work hands every domain event an aggregate recorded to
``crm_chassis.events.outbox.OutboxRecorder``, which calls :func:`translate` and writes what
it returns to the outbox in the same transaction. Each published event is a message of
``protos/crm/marketing/v1/events.proto``; its type names the service, the aggregate and
the event, and a version::

    match event:
        case events.TicketOpened(ticket=t):
            data = ev.TicketOpened(...)
            return OutgoingEvent("marketing.ticket.opened.v1", str(t.id), data)
"""

from __future__ import annotations

from typing import Any

from crm_chassis.events.outbox import OutgoingEvent
from crm_marketing.events.audience_outgoing import audience_event


def translate(event: Any) -> OutgoingEvent | None:
    """Return the integration event for a domain event, or None to keep it inside."""
    # Audience (h/audience): marketing.recipient.unsubscribed.v1.
    found = audience_event(event)
    if found is not None:
        return found
    return None
