"""LeadCaptured -> ``marketing.lead.captured.v1`` (subject: the submission id).

Sales consumes it (crm_sales/events/incoming.py) and makes one lead per submission id,
credited to the event's campaign and assigned to its owner (empty: sales' rules decide).
"""

from __future__ import annotations

from typing import Any

from crm.marketing.v1 import events_pb2 as ev
from crm_chassis.events.outbox import OutgoingEvent
from crm_chassis.grpc.convert import optional_timestamp
from crm_marketing.domain.form_events import LeadCaptured

LEAD_CAPTURED = "marketing.lead.captured.v1"


def translate_form_event(event: Any) -> OutgoingEvent | None:
    """LeadCaptured's integration event; None for other parts' events."""
    return lead_captured(event) if isinstance(event, LeadCaptured) else None


def lead_captured(event: LeadCaptured) -> OutgoingEvent:
    lead = event.lead
    data = ev.LeadCaptured(
        submission_id=str(event.submission_id),
        form_id=str(event.form_id),
        campaign_id=str(event.campaign_id) if event.campaign_id else "",
        owner_id=str(event.lead_owner_id) if event.lead_owner_id else "",
        lead_source=event.lead_source,
        extra=lead.extra,
        captured_at=optional_timestamp(event.captured_at),
        **lead.fields,
    )
    if lead.address:
        data.address.CopyFrom(ev.CapturedAddress(**lead.address))
    return OutgoingEvent(LEAD_CAPTURED, str(event.submission_id), data)
