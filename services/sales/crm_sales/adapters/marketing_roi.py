"""marketing over gRPC: the MarketingRoi port (ListCampaignRoi, paged), with the caller's
token. An unreachable marketing is ``Unavailable``; the KPI report then leaves ROI out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import grpc

from crm_chassis.grpc import RemoteService
from crm_sales.config import Settings
from crm_sales.domain.ports import CampaignRoiLine, MarketingRoiSummary

MARKETING = "crm.marketing.v1.MarketingService"
PAGE, MAX_PAGES = 500, 4


def _stub(ch: grpc.Channel) -> Any:
    from crm.marketing.v1 import marketing_pb2_grpc

    return marketing_pb2_grpc.MarketingServiceStub(ch)


def _line(c: Any) -> CampaignRoiLine:
    return CampaignRoiLine(
        campaign_id=c.campaign_id,
        name=c.name,
        currency=c.currency,
        actual_cost=c.actual_cost,
        leads=c.leads,
        conversions=c.conversions,
        won_opportunities=c.won_opportunities,
        won_revenue=c.won_revenue,
        roi=c.roi,
    )


class RemoteMarketingRoi:
    def __init__(self, settings: Settings) -> None:
        self.remote = RemoteService(
            settings.marketing_grpc_target,
            MARKETING,
            _stub,
            timeout=settings.marketing_timeout_seconds,
        )

    def campaign_roi(
        self, start: datetime | None, end: datetime | None, *, token: str | None
    ) -> MarketingRoiSummary:
        from crm.marketing.v1 import marketing_pb2 as pb

        lines: list[CampaignRoiLine] = []
        page_token, reply = "", None
        for _ in range(MAX_PAGES):  # the sums come with every page; lines: the first 2000
            request = pb.ListCampaignRoiRequest(page_size=PAGE, page_token=page_token)
            if start is not None:
                request.period.start.FromDatetime(start)
            if end is not None:
                request.period.end.FromDatetime(end)
            reply = self.remote.call("ListCampaignRoi", request, token=token)
            lines += [_line(c) for c in reply.campaigns]
            page_token = reply.next_page_token
            if not page_token:
                break
        assert reply is not None
        return MarketingRoiSummary(
            campaigns=tuple(lines),
            total_actual_cost=dict(reply.total_actual_cost),
            total_won_revenue=dict(reply.total_won_revenue),
        )
