"""The servicer: parse the request, call one query, map the result to protos.

Errors are raised as the chassis's AppErrors and its interceptor maps them. Every RPC
answers as the caller's token allows, like REST (the same queries): invisible campaigns are
NOT_FOUND or missing, and fields hidden from the caller are cleared.
"""

# Method names are the RPC names of the generated base class.
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import grpc

from crm.marketing.v1 import marketing_pb2 as pb
from crm.marketing.v1 import marketing_pb2_grpc as pb_grpc
from crm_chassis import context
from crm_chassis.errors import invalid
from crm_chassis.grpc.convert import (
    in_request_order,
    next_page_token,
    optional_datetime,
    optional_uuid,
    page_size,
    page_token,
    parse_ids,
    parse_uuid,
    redact,
)
from crm_chassis.grpc.server import Register
from crm_chassis.pagination import ListParams
from crm_marketing.adapters.campaign_protos import campaign_message
from crm_marketing.bootstrap import Marketing
from crm_marketing.domain.campaigns import CAMPAIGN_STATUS, Campaign
from crm_marketing.grpc_api.roi import RoiRpcs
from crm_marketing.service.access import CAMPAIGNS

SERVICE_NAME = "crm.marketing.v1.MarketingService"
LIST_DEFAULT, LIST_MAX = 100, 500
MAX_BATCH = 500
SEARCH_DEFAULT, SEARCH_MAX = 20, 100


def _filters(request: Any) -> dict[str, Any]:
    status = request.status.strip()
    if status:
        CAMPAIGN_STATUS.check_known(status)
    found = {"status": status or None, "owner_id": optional_uuid("owner_id", request.owner_id)}
    return {k: v for k, v in found.items() if v is not None}


class MarketingServicer(RoiRpcs, pb_grpc.MarketingServiceServicer):
    """The RPCs of MarketingService, over the wired service."""

    def __init__(self, app: Marketing) -> None:
        self.app = app
        self.queries = app.campaign_queries

    def _messages(self, items: Sequence[Campaign]) -> list[Any]:
        messages = [campaign_message(x) for x in items]
        hidden = self.app.access.fields(context.principal(), CAMPAIGNS).hidden
        redact(messages, hidden)
        return messages

    def GetCampaign(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        campaign = self.queries.get(context.principal(), parse_uuid("id", request.id))
        return pb.GetCampaignResponse(campaign=self._messages([campaign])[0])

    def BatchGetCampaigns(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        ids = parse_ids(request.ids, MAX_BATCH)
        found, missing = in_request_order(ids, self.queries.batch_get(context.principal(), ids))
        return pb.BatchGetCampaignsResponse(campaigns=self._messages(found), missing_ids=missing)

    def ListCampaigns(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = ListParams(
            limit=page_size(request.page_size, LIST_DEFAULT, LIST_MAX),
            cursor=page_token(request),
            sort="updated_at",
            updated_since=optional_datetime(request, "updated_since"),
            filters=_filters(request),
        )
        items, cursor = self.queries.list(context.principal(), params, include_deleted=True)
        return pb.ListCampaignsResponse(
            campaigns=self._messages(items), next_page_token=next_page_token(cursor)
        )

    def SearchCampaigns(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        query = request.query.strip()
        if not query:
            raise invalid("query", "is required")
        limit = page_size(request.limit, SEARCH_DEFAULT, SEARCH_MAX)
        items = self.queries.search(context.principal(), query, limit)
        return pb.SearchCampaignsResponse(campaigns=self._messages(items))


def register(app: Marketing) -> Register:
    """Return the chassis ``register`` callback adding this servicer to a server."""

    def add(server: grpc.Server) -> list[str]:
        servicer = MarketingServicer(app)
        pb_grpc.add_MarketingServiceServicer_to_server(servicer, server)
        return [SERVICE_NAME]

    return add
