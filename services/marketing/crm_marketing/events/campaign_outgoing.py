"""Campaigns' domain events to integration events (events.proto), written to the outbox.

``events/outgoing.py``'s ``translate`` asks this module; kept apart so the marketing
helpers' translations merge without conflicts. A member's removal stays inside.
"""

from __future__ import annotations

from typing import Any

from crm.marketing.v1 import events_pb2 as pb
from crm_chassis.events.outbox import OutgoingEvent
from crm_chassis.grpc.convert import text, timestamp
from crm_marketing.adapters.campaign_protos import campaign_message, member_message
from crm_marketing.domain import events as ev

CAMPAIGN_CREATED = "marketing.campaign.created.v1"
CAMPAIGN_UPDATED = "marketing.campaign.updated.v1"
CAMPAIGN_STATUS_CHANGED = "marketing.campaign.status_changed.v1"
CAMPAIGN_MEMBER_ADDED = "marketing.campaign.member_added.v1"


def translate_campaign_event(event: Any) -> OutgoingEvent | None:
    """The integration event of a campaign event; None for any other event."""
    match event:
        case ev.CampaignCreated(campaign=c):
            payload: Any = pb.CampaignCreated(campaign=campaign_message(c))
            return OutgoingEvent(CAMPAIGN_CREATED, str(c.id), payload)
        case ev.CampaignUpdated(campaign=c, changed=changed):
            payload = pb.CampaignUpdated(campaign=campaign_message(c), changed=list(changed))
            return OutgoingEvent(CAMPAIGN_UPDATED, str(c.id), payload)
        case ev.CampaignDeleted(campaign=c):
            payload = pb.CampaignUpdated(campaign=campaign_message(c), deleted=True)
            return OutgoingEvent(CAMPAIGN_UPDATED, str(c.id), payload)
        case ev.CampaignStatusChanged(campaign=c) as changed_status:
            payload = pb.CampaignStatusChanged(
                campaign=campaign_message(c),
                from_status=changed_status.from_status,
                to_status=changed_status.to_status,
                reason=text(changed_status.reason),
                changed_by=changed_status.by,
            )
            payload.changed_at.CopyFrom(timestamp(changed_status.at))
            return OutgoingEvent(CAMPAIGN_STATUS_CHANGED, str(c.id), payload)
        case ev.CampaignMemberAdded(campaign=c, member=m):
            payload = pb.CampaignMemberAdded(
                member=member_message(m), campaign_name=c.name, campaign_owner_id=str(c.owner_id)
            )
            return OutgoingEvent(CAMPAIGN_MEMBER_ADDED, str(c.id), payload)
    return None
