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
from crm_marketing.domain.form_events import LeadCaptured
from crm_marketing.events.form_outgoing import lead_captured


def translate(event: Any) -> OutgoingEvent | None:
    """Return the integration event for a domain event, or None to keep it inside."""
    if isinstance(event, LeadCaptured):  # online lead forms (h/forms)
        return lead_captured(event)
    return None
