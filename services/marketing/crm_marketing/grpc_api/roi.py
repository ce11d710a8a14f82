"""The ROI RPCs of MarketingService (sales' KPI report reads ListCampaignRoi with the
caller's token): a mixin of the servicer, kept apart so the servicer stays small."""

# Method names are the RPC names of the generated base class.
# ruff: noqa: N802

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import grpc

from crm.marketing.v1 import campaigns_pb2 as cp
from crm.marketing.v1 import marketing_pb2 as pb
from crm_chassis import context
from crm_chassis.errors import BadRequest, FieldError, invalid
from crm_chassis.grpc.convert import optional_datetime, page_size, parse_uuid, text
from crm_marketing.bootstrap import Marketing
from crm_marketing.domain.roi import CampaignRoi, Period

PAGE_DEFAULT, PAGE_MAX = 100, 500


def roi_message(r: CampaignRoi) -> cp.CampaignRoi:
    f = r.facts
    return cp.CampaignRoi(
        campaign_id=str(r.campaign_id),
        name=r.name,
        status=r.status,
        currency=r.currency,
        actual_cost=text(r.actual_cost),
        submissions=f.submissions,
        leads=f.leads,
        conversions=f.conversions,
        opportunities=f.opportunities,
        won_opportunities=f.won,
        lost_opportunities=f.lost,
        won_revenue=str(r.won_revenue),
        cost_per_lead=text(r.cost_per_lead),
        cost_per_conversion=text(r.cost_per_conversion),
        roi=text(r.roi),
        won_revenue_other_currencies={c: str(a) for c, a in r.other_revenue.items()},
    )


def _period(request: Any) -> Period:
    if not request.HasField("period"):
        return Period()
    start = optional_datetime(request.period, "start")
    end = optional_datetime(request.period, "end")
    if start and end and end <= start:
        raise invalid("period.end", "must be after period.start")
    return Period(start, end)


def _offset(token: str) -> int:
    """The page token is the offset into the report (it is ordered by name, then id)."""
    if not token:
        return 0
    if not token.isdigit():
        raise BadRequest("Malformed page_token.", errors=[FieldError("page_token", "malformed")])
    return int(token)


def _totals(items: list[CampaignRoi]) -> tuple[dict[str, str], dict[str, str]]:
    cost: dict[str, Decimal] = defaultdict(Decimal)
    won: dict[str, Decimal] = defaultdict(Decimal)
    for r in items:
        cost[r.currency] += r.actual_cost or Decimal(0)
        won[r.currency] += r.won_revenue
        for currency, amount in r.other_revenue.items():
            won[currency] += amount
    return {c: str(a) for c, a in cost.items()}, {c: str(a) for c, a in won.items()}


class RoiRpcs:
    app: Marketing

    def GetCampaignRoi(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        campaign_id = parse_uuid("campaign_id", request.campaign_id)
        found = self.app.roi.one(context.principal(), campaign_id, _period(request))
        return pb.GetCampaignRoiResponse(roi=roi_message(found))

    def ListCampaignRoi(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        size = page_size(request.page_size, PAGE_DEFAULT, PAGE_MAX)
        start = _offset(request.page_token)
        items = self.app.roi.report(context.principal(), _period(request))
        cost, won = _totals(items)
        page = items[start : start + size]
        more = start + size < len(items)
        return pb.ListCampaignRoiResponse(
            campaigns=[roi_message(r) for r in page],
            next_page_token=str(start + size) if more else "",
            total_actual_cost=cost,
            total_won_revenue=won,
        )
