"""Bodies, queries and answers of campaigns, their members and the ROI report.

Amounts are decimal strings in the campaign's currency. A response field the caller's field
access hides is left out (absent, not null), so campaign fields but ``id`` default to None.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import Field

from crm_chassis.http import ListQuery, Schema
from crm_marketing.domain.campaigns import CampaignFields

_AMOUNT = r"^[0-9]{1,13}(\.[0-9]{1,6})?$"
_STATUSES = "Planning, Active, Inactive, Completed, Cancelled"
_MEMBER_STATUSES = (
    "Not Contacted, Contacted - Successful, Contacted - Unsuccessful, "
    "Contacted - Never Contact Again"
)


class _CampaignFields(Schema):
    name: str | None = Field(None, max_length=255)
    campaign_type: str | None = Field(None, max_length=50, description="docs/domain.md pick list")
    start_date: date | None = None
    end_date: date | None = Field(None, description="Not before start_date")
    currency: str | None = Field(None, max_length=3, description="ISO 4217; default EUR")
    budget: str | None = Field(None, pattern=_AMOUNT, description='Decimal string, "5000.00"')
    actual_cost: str | None = Field(None, pattern=_AMOUNT, description="ROI divides by it")
    expected_revenue: str | None = Field(None, pattern=_AMOUNT)
    expected_response: str | None = Field(None, description="Excellent, Good, Average, Poor")
    expected_response_count: int | None = Field(None, ge=0, le=2**62)
    target_audience: str | None = Field(None, max_length=255)
    target_size: int | None = Field(None, ge=0, le=2**62)
    sponsor: str | None = Field(None, max_length=255)
    description: str | None = Field(None, max_length=32_000)
    owner_id: UUID | None = Field(None, description="A user or group; default: the caller")

    def to_fields(self) -> CampaignFields:
        values = self.model_dump(include=set(CampaignFields.__dataclass_fields__))
        for name in ("budget", "actual_cost", "expected_revenue"):
            if values.get(name) is not None:
                values[name] = Decimal(values[name])
        return CampaignFields(**values)


class CampaignCreate(_CampaignFields):
    name: str = Field(min_length=1, max_length=255)


class CampaignPatch(_CampaignFields):
    status: str | None = Field(None, max_length=30, description=f"Moves along: {_STATUSES}")
    reason: str | None = Field(
        None, max_length=500, description="Why (required to reopen a Completed or Cancelled one)"
    )


class CampaignListQuery(ListQuery):
    status: str | None = Field(None, max_length=30)
    campaign_type: str | None = Field(None, max_length=50)
    owner_id: UUID | None = None
    expected_response: str | None = Field(None, max_length=30)
    currency: str | None = Field(None, max_length=3)


class CampaignOut(Schema):
    id: UUID
    name: str | None = None
    campaign_type: str | None = None
    status: str | None = Field(None, description=_STATUSES)
    allowed_next: list[str] | None = Field(None, description="Statuses it may move to next")
    start_date: date | None = None
    end_date: date | None = None
    currency: str | None = None
    budget: str | None = None
    actual_cost: str | None = None
    expected_revenue: str | None = None
    expected_response: str | None = None
    expected_response_count: int | None = None
    target_audience: str | None = None
    target_size: int | None = None
    sponsor: str | None = None
    description: str | None = None
    owner_id: UUID | None = None
    created_by: UUID | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int | None = None


class MemberIn(Schema):
    type: Literal["lead", "contact"]
    id: UUID


class MembersAdd(Schema):
    members: list[MemberIn] = Field(min_length=1, max_length=500)
    response_status: str | None = Field(
        None,
        max_length=50,
        description=f"For the new members; default Not Contacted. {_MEMBER_STATUSES}",
    )


class MemberPatch(Schema):
    response_status: str = Field(max_length=50, description=_MEMBER_STATUSES)


class MemberListQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = None
    sort: str | None = Field(None, description="added_at (default), updated_at; - for descending")
    member_type: Literal["lead", "contact"] | None = None
    response_status: str | None = Field(None, max_length=50)


class MemberOut(Schema):
    campaign_id: UUID
    type: str
    id: UUID
    response_status: str
    display_name: str | None = None
    added_by: UUID | None = None
    added_at: datetime
    updated_at: datetime


class MembersOut(Schema):
    items: list[MemberOut]


class StatusCountOut(Schema):
    status: str
    count: int
    rate: str | None = Field(None, description="count / all members, 4 decimals")


class SummaryOut(Schema):
    campaign_id: UUID
    total: int
    leads: int
    contacts: int
    by_status: list[StatusCountOut]
    contacted_rate: str | None = Field(None, description="Members contacted / all members")
    response_rate: str | None = Field(
        None, description="Contacted - Successful / members contacted"
    )
