"""Turn domain events into versioned integration events written to the outbox.

The unit of work hands every domain event an aggregate recorded to
``crm_chassis.events.outbox.OutboxRecorder``, which calls :func:`translate` and writes what
it returns to the outbox in the same transaction. Each published event is a message of
``protos/crm/marketing/v1/events.proto``; its type names the service, the aggregate and
the event, and a version. Each marketing part keeps its translations in its own module,
asked in turn below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crm_chassis.events.outbox import OutgoingEvent
from crm_marketing.events.audience_outgoing import audience_event
from crm_marketing.events.campaign_outgoing import translate_campaign_event
from crm_marketing.events.form_outgoing import translate_form_event

#: Each part's translator (each helper appends its own).
TRANSLATORS: list[Callable[[Any], OutgoingEvent | None]] = [translate_campaign_event]
# Audience (h/audience): marketing.recipient.unsubscribed.v1.
TRANSLATORS.append(audience_event)
TRANSLATORS += [translate_form_event]  # online lead forms (h/forms)


def translate(event: Any) -> OutgoingEvent | None:
    """Return the integration event for a domain event, or None to keep it inside."""
    for translator in TRANSLATORS:
        found = translator(event)
        if found is not None:
            return found
    return None
