"""Campaign domain objects -> protobuf messages, shared by gRPC answers and events."""

from __future__ import annotations

from datetime import date

from crm.marketing.v1 import campaigns_pb2 as cp
from crm_chassis.grpc.convert import optional_timestamp, text
from crm_marketing.domain.campaign_members import CampaignMember
from crm_marketing.domain.campaigns import Campaign


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def campaign_message(c: Campaign) -> cp.Campaign:
    return cp.Campaign(
        id=str(c.id),
        name=c.name,
        campaign_type=text(c.campaign_type),
        status=c.status,
        start_date=_date(c.start_date),
        end_date=_date(c.end_date),
        currency=c.currency,
        budget=text(c.budget),
        actual_cost=text(c.actual_cost),
        expected_revenue=text(c.expected_revenue),
        expected_response=text(c.expected_response),
        expected_response_count=c.expected_response_count or 0,
        target_audience=text(c.target_audience),
        target_size=c.target_size or 0,
        sponsor=text(c.sponsor),
        description=text(c.description),
        owner_id=text(c.owner_id),
        created_by=text(c.created_by),
        created_at=optional_timestamp(c.created_at),
        updated_at=optional_timestamp(c.updated_at),
        version=c.version,
        deleted_at=optional_timestamp(c.deleted_at),
    )


def member_message(m: CampaignMember) -> cp.CampaignMember:
    return cp.CampaignMember(
        campaign_id=str(m.campaign_id),
        member_type=m.member_type,
        member_id=str(m.member_id),
        response_status=m.response_status,
        display_name=text(m.display_name),
        added_by=text(m.added_by),
        added_at=optional_timestamp(m.added_at),
    )
