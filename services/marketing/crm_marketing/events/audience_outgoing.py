"""The audience's integration events: marketing.recipient.unsubscribed.v1."""

from __future__ import annotations

from typing import Any

from crm_chassis.events.outbox import OutgoingEvent
from crm_marketing.domain.audience_events import RecipientUnsubscribed

UNSUBSCRIBED = "marketing.recipient.unsubscribed.v1"


def audience_event(event: Any) -> OutgoingEvent | None:
    """The integration event for an audience domain event (None for others)."""
    from google.protobuf.timestamp_pb2 import Timestamp

    from crm.marketing.v1 import events_pb2 as ev

    match event:
        case RecipientUnsubscribed():
            at = Timestamp()
            at.FromDatetime(event.at)
            data = ev.RecipientUnsubscribed(
                address=event.address,
                mailing_id=str(event.mailing_id or ""),
                contact_id=str(event.contact_id or ""),
                lead_id=str(event.lead_id or ""),
                unsubscribed_at=at,
            )
            subject = str(event.contact_id or event.lead_id or event.address)
            return OutgoingEvent(UNSUBSCRIBED, subject, data)
    return None
