"""The servicer: parse the request, call one query, map the result to protos.

Errors are raised as the chassis's AppErrors and its interceptor maps them. Every RPC
answers as the caller's token allows, like REST (the same queries): invisible tickets are
NOT_FOUND or missing, and fields hidden from the caller (a portal caller's staff-only
fields too) are cleared.
"""

# Method names are the RPC names of the generated base class.
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import grpc

from crm.support.v1 import support_pb2 as pb
from crm.support.v1 import support_pb2_grpc as pb_grpc
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
from crm_support.adapters.protos import ticket_message
from crm_support.bootstrap import Support
from crm_support.domain.tickets import TICKET_STATUS, Ticket
from crm_support.grpc_api.contracts import ContractRpcs
from crm_support.service.queries import MAX_BATCH

SERVICE_NAME = "crm.support.v1.SupportService"
LIST_DEFAULT, LIST_MAX = 50, 500


def _filters(request: Any) -> dict[str, Any]:
    """account_id, and status: a ticket status (any case) or "open" (not Closed)."""
    wanted = request.status.strip().lower()
    known = {s.lower(): s for s in TICKET_STATUS.statuses}
    if wanted and wanted != "open" and wanted not in known:
        raise invalid("status", f"must be open or one of: {', '.join(TICKET_STATUS.statuses)}")
    open_only = wanted == "open" or getattr(request, "open_only", False)
    found = {
        "account_id": optional_uuid("account_id", request.account_id),
        "status": known.get(wanted),
        "open_only": True if open_only else None,
    }
    return {k: v for k, v in found.items() if v is not None}


class SupportServicer(ContractRpcs, pb_grpc.SupportServiceServicer):
    """The RPCs of SupportService, over the wired service (service contracts' RPCs come
    from ``ContractRpcs``)."""

    def __init__(self, app: Support) -> None:
        self.app = app
        self.queries = app.queries

    def _messages(self, items: Sequence[Ticket]) -> list[Any]:
        messages = [ticket_message(x) for x in items]
        redact(messages, self.queries.fields(context.principal()).hidden)
        return messages

    def GetTicket(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        ticket = self.queries.get(context.principal(), parse_uuid("id", request.id))
        return pb.GetTicketResponse(ticket=self._messages([ticket])[0])

    def BatchGetTickets(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        ids = parse_ids(request.ids, MAX_BATCH)
        found, missing = in_request_order(ids, self.queries.batch(context.principal(), ids))
        return pb.BatchGetTicketsResponse(tickets=self._messages(found), missing_ids=missing)

    def ListTickets(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = ListParams(
            limit=page_size(request.page_size, LIST_DEFAULT, LIST_MAX),
            cursor=page_token(request),
            sort="updated_at",
            updated_since=optional_datetime(request, "updated_since"),
            filters=_filters(request),
        )
        items, cursor = self.queries.list(context.principal(), params)
        return pb.ListTicketsResponse(
            tickets=self._messages(items), next_page_token=next_page_token(cursor)
        )

    def SearchTickets(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        query = request.query.strip()
        if not query:
            raise invalid("query", "is required")
        params = ListParams(
            limit=page_size(request.page_size, LIST_DEFAULT, LIST_MAX),
            cursor=page_token(request),
            sort="-created_at",
            q=query,
            filters=_filters(request),
        )
        items, cursor = self.queries.list(context.principal(), params)
        return pb.SearchTicketsResponse(
            tickets=self._messages(items), next_page_token=next_page_token(cursor)
        )


def register(app: Support) -> Register:
    """Return the chassis ``register`` callback adding this servicer to a server."""

    def add(server: grpc.Server) -> list[str]:
        servicer = SupportServicer(app)
        pb_grpc.add_SupportServiceServicer_to_server(servicer, server)
        return [SERVICE_NAME]

    return add
