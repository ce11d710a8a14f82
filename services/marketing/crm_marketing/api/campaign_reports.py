"""The campaign ROI report: per campaign and period, leads, conversions, deals, won
revenue, cost per lead and per conversion, ROI. JSON, or CSV (``?format=csv`` or
``Accept: text/csv``). Read under the campaigns module: the caller's record scope applies."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from crm_chassis import context
from crm_chassis.errors import invalid
from crm_chassis.http import Blueprint, Schema, service
from crm_chassis.http.csv_tables import csv_file, wants_csv
from crm_chassis.money import decimal_str
from crm_marketing.api.report_csv import CSV_FILE
from crm_marketing.bootstrap import Marketing
from crm_marketing.domain.roi import CampaignRoi, Period
from crm_marketing.service.access import CAMPAIGNS
from crm_marketing.service.roi_queries import hidden_figures

bp = Blueprint("campaign_reports", tag="campaign reports")

COLUMNS = (
    "campaign_id",
    "name",
    "status",
    "currency",
    "actual_cost",
    "submissions",
    "leads",
    "conversions",
    "opportunities",
    "won_opportunities",
    "lost_opportunities",
    "won_revenue",
    "cost_per_lead",
    "cost_per_conversion",
    "roi",
)


class RoiQuery(Schema):
    from_: datetime | None = Field(None, alias="from", description="Start (inclusive), RFC 3339")
    to: datetime | None = Field(None, description="End (exclusive), RFC 3339")
    status: str | None = Field(None, max_length=30)
    campaign_type: str | None = Field(None, max_length=50)
    owner_id: UUID | None = None
    format: Literal["json", "csv"] | None = None


class RoiRowOut(Schema):
    """A figure read from a field the caller's profile hides is left out (absent)."""

    campaign_id: UUID
    name: str | None = None
    status: str | None = None
    currency: str
    actual_cost: str | None = None
    submissions: int
    leads: int
    conversions: int
    opportunities: int
    won_opportunities: int
    lost_opportunities: int
    won_revenue: str
    won_revenue_other_currencies: dict[str, str]
    cost_per_lead: str | None = Field(None, description="null when no lead or no cost")
    cost_per_conversion: str | None = None
    roi: str | None = Field(
        None, description="(won revenue - actual cost) / actual cost; null: cost 0"
    )


class RoiOut(Schema):
    start: datetime | None
    end: datetime | None
    items: list[RoiRowOut]


def roi_row(r: CampaignRoi) -> dict[str, Any]:
    f = r.facts
    return {
        "campaign_id": r.campaign_id,
        "name": r.name,
        "status": r.status,
        "currency": r.currency,
        "actual_cost": decimal_str(r.actual_cost),
        "submissions": f.submissions,
        "leads": f.leads,
        "conversions": f.conversions,
        "opportunities": f.opportunities,
        "won_opportunities": f.won,
        "lost_opportunities": f.lost,
        "won_revenue": decimal_str(r.won_revenue),
        "won_revenue_other_currencies": {c: str(a) for c, a in r.other_revenue.items()},
        "cost_per_lead": decimal_str(r.cost_per_lead),
        "cost_per_conversion": decimal_str(r.cost_per_conversion),
        "roi": None if r.roi is None else str(r.roi),
    }


@bp.get(
    "/reports/campaign-roi",
    query=RoiQuery,
    response=RoiOut,
    alternate=CSV_FILE,
    permission=(CAMPAIGNS, "view"),
    summary="ROI per campaign in a period",
)
def campaign_roi(query: RoiQuery) -> Any:
    if query.from_ and query.to and query.to <= query.from_:
        raise invalid("to", "must be after from")
    period = Period(query.from_, query.to)
    filters = {"status": query.status, "campaign_type": query.campaign_type}
    filters["owner_id"] = query.owner_id
    found = service(Marketing).roi.report(context.principal(), period, filters=filters)
    hidden = hidden_figures(service(Marketing).access.fields(context.principal(), CAMPAIGNS).hidden)
    rows = [{k: v for k, v in roi_row(r).items() if k not in hidden} for r in found]
    if wants_csv(query.format):
        return csv_file(rows, "campaign-roi", [c for c in COLUMNS if c not in hidden])
    return {"start": query.from_, "end": query.to, "items": rows}
