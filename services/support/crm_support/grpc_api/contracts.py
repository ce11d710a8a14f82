"""SupportService's service-contract RPCs (h/contracts): the same queries as REST, with
the caller's record access and hidden fields."""

# Method names are the RPC names of the generated base class.
# ruff: noqa: N802

from __future__ import annotations

from typing import Any

import grpc

from crm.support.v1 import contracts_pb2 as cpb
from crm.support.v1 import support_pb2 as pb
from crm_chassis import context
from crm_chassis.errors import invalid
from crm_chassis.grpc.convert import (
    next_page_token,
    optional_datetime,
    optional_uuid,
    page_size,
    page_token,
    parse_uuid,
    redact,
    text,
    timestamp,
)
from crm_chassis.pagination import ListParams
from crm_support.bootstrap import Support
from crm_support.domain.contracts import CONTRACT_STATUS
from crm_support.service.access import SERVICE_CONTRACTS
from crm_support.service.contract_queries import ContractView

LIST_DEFAULT, LIST_MAX = 50, 500


def contract_message(view: ContractView) -> Any:
    c = view.contract
    message = cpb.ServiceContract(
        id=str(c.id),
        number=c.number,
        account_id=str(c.account_id),
        owner_id=str(c.owner_id),
        subject=c.subject,
        contract_type=text(c.contract_type),
        start_date=c.start_date.isoformat(),
        end_date=c.end_date.isoformat(),
        sla_policy_id=text(c.sla_policy_id),
        tracking_unit=c.tracking_unit,
        total_units=text(c.total_units),
        used_units=text(view.used_units) if c.tracked else "",
        remaining_units=text(view.remaining_units),
        review_date=c.review_date.isoformat() if c.review_date else "",
        status=c.status,
        version=c.version,
    )
    message.created_at.CopyFrom(timestamp(c.created_at))
    message.updated_at.CopyFrom(timestamp(c.updated_at))
    return message


class ContractRpcs:
    """Mixed into SupportServicer; ``self.app`` is the wired service."""

    app: Support

    def _contracts(self, views: list[ContractView]) -> list[Any]:
        messages = [contract_message(v) for v in views]
        hidden = set(self.app.access.fields(context.principal(), SERVICE_CONTRACTS).hidden)
        if "total_units" in hidden:
            hidden |= {"used_units", "remaining_units"}
        redact(messages, frozenset(hidden))
        return messages

    def GetServiceContract(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        contract_id = parse_uuid("id", request.id)
        view = self.app.contract_queries.get(context.principal(), contract_id)
        return pb.GetServiceContractResponse(contract=self._contracts([view])[0])

    def ListServiceContracts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        status = request.status.strip()
        if status and status not in CONTRACT_STATUS.statuses:
            raise invalid("status", f"must be one of: {', '.join(CONTRACT_STATUS.statuses)}")
        filters = {"account_id": optional_uuid("account_id", request.account_id)}
        filters["status"] = status or None
        params = ListParams(
            limit=page_size(request.page_size, LIST_DEFAULT, LIST_MAX),
            cursor=page_token(request),
            sort="updated_at",
            updated_since=optional_datetime(request, "updated_since"),
            filters={k: v for k, v in filters.items() if v is not None},
        )
        views, cursor = self.app.contract_queries.list(context.principal(), params)
        return pb.ListServiceContractsResponse(
            contracts=self._contracts(views), next_page_token=next_page_token(cursor)
        )
