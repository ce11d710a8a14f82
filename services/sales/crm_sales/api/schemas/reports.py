"""Report queries and answers (JSON; ``format=csv`` answers the items as a CSV file)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import ConfigDict, Field

from crm_chassis.http import MoneyOut, Schema

HIDDEN_AMOUNT = Field(None, description="Left out when the opportunity amount is hidden from you")
HIDDEN_WEIGHTED = Field(None, description="Left out when amount or probability is hidden from you")
FORMAT = Field("json", pattern="^(json|csv)$", description="json, or csv for a file")


class PeriodQuery(Schema):
    date_from: date | None = Field(None, alias="from")
    date_to: date | None = Field(None, alias="to")
    owner_id: UUID | None = None
    format: str = FORMAT


class ReportQuery(Schema):
    format: str = FORMAT


class PipelineRow(Schema):
    sales_stage: str
    owner_id: UUID | None
    currency: str
    count: int
    amount: Decimal = HIDDEN_AMOUNT
    weighted_amount: Decimal = HIDDEN_WEIGHTED


class PipelineReport(Schema):
    items: list[PipelineRow]
    report: str


class ForecastRow(Schema):
    month: str | None = Field(description="YYYY-MM of the expected close date")
    currency: str
    count: int
    amount: Decimal = HIDDEN_AMOUNT
    weighted_amount: Decimal = HIDDEN_WEIGHTED


class ForecastReport(Schema):
    items: list[ForecastRow]
    report: str


class LeadsBySourceRow(Schema):
    lead_source: str | None
    owner_id: UUID | None
    count: int
    converted: int


class LeadsBySourceReport(Schema):
    items: list[LeadsBySourceRow]
    report: str


class LeadsByStatusRow(Schema):
    lead_status: str | None
    owner_id: UUID | None
    count: int
    converted: int


class LeadsByStatusReport(Schema):
    items: list[LeadsByStatusRow]
    report: str


class Period(Schema):
    model_config = ConfigDict(serialize_by_alias=True)

    date_from: date | None = Field(alias="from")
    date_to: date | None = Field(alias="to")


class RoiTotalOut(Schema):
    currency: str
    actual_cost: str
    won_revenue: str
    roi: str | None = Field(description="(won revenue - actual cost) / actual cost")


class RoiCampaignOut(Schema):
    campaign_id: str
    name: str
    currency: str
    actual_cost: str | None
    leads: int
    conversions: int
    won: int
    won_revenue: str
    roi: str | None


class MarketingRoiOut(Schema):
    status: str = Field(description="ok, unavailable (marketing down) or forbidden")
    note: str | None = Field(None, description="Why the section is empty")
    campaigns: int | None = Field(None, description="Campaigns the caller may see")
    totals: list[RoiTotalOut] | None = None
    top_campaigns: list[RoiCampaignOut] | None = Field(None, description="By won revenue")


class KpisOut(Schema):
    period: Period
    leads_created: int
    leads_converted: int
    lead_conversion_rate: Decimal | None
    opportunities_created: int
    opportunities_won_of_created: int
    opportunity_to_won_rate: Decimal | None
    won: int
    lost: int
    win_rate: Decimal | None
    average_deal_size: list[MoneyOut] = HIDDEN_AMOUNT
    sales_cycle_days: Decimal | None
    marketing_roi: MarketingRoiOut | None = Field(
        None, description="Campaign ROI from marketing (gRPC, the caller's rights)"
    )
