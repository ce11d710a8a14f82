"""SalesService: parse the request, call one query, map the result to protos.

Errors are raised as the chassis's AppErrors; its interceptor maps them to status codes.
"""

# Method names are the RPC names of the generated base class.
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC
from typing import Any
from uuid import UUID

import grpc

from crm.sales.v1 import sales_pb2 as pb
from crm.sales.v1 import sales_pb2_grpc as pb_grpc
from crm_chassis import context
from crm_chassis.errors import BadRequest, FieldError
from crm_sales.adapters import protos as p
from crm_sales.bootstrap import Sales
from crm_sales.service import queries as q
from crm_sales.service.queries import MAX_BATCH, ListParams, Spec

SERVICE_NAME = "crm.sales.v1.SalesService"
LIST_DEFAULT, LIST_MAX = 50, 500


def _uuid(field: str, value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise BadRequest(
            f"'{value}' is not a valid id.", errors=[FieldError(field, "must be a UUID")]
        ) from None


def _ids(values: Sequence[str]) -> list[UUID]:
    if len(values) > MAX_BATCH:
        raise BadRequest(
            f"At most {MAX_BATCH} ids per call.", errors=[FieldError("ids", f"at most {MAX_BATCH}")]
        )
    return [_uuid("ids", v) for v in values]


def _size(value: int) -> int:
    if value == 0:
        return LIST_DEFAULT
    if not 1 <= value <= LIST_MAX:
        raise BadRequest(
            f"page_size must be 1..{LIST_MAX}.",
            errors=[FieldError("page_size", f"must be between 1 and {LIST_MAX}")],
        )
    return value


def _params(request: Any, **filters: Any) -> ListParams:
    since = (
        request.updated_since.ToDatetime(tzinfo=UTC) if request.HasField("updated_since") else None
    )
    return ListParams(
        limit=_size(request.page_size),
        cursor=request.page_token or None,
        sort="updated_at",
        updated_since=since,
        filters={k: v for k, v in filters.items() if v is not None},
    )


def _common(obj: Any) -> dict[str, Any]:
    return {
        "id": str(obj.id),
        "version": obj.version,
        "created_at": p.timestamp(obj.created_at),
        "updated_at": p.timestamp(obj.updated_at),
    }


def quote_message(x: Any) -> pb.Quote:
    return pb.Quote(
        number=x.number,
        quote_version=x.quote_version,
        subject=p.s(x.subject),
        stage=x.stage,
        approval_status=x.approval_status,
        account_id=str(x.account_id),
        contact_id=p.s(x.contact_id),
        opportunity_id=p.s(x.opportunity_id),
        price_book_id=p.s(x.price_book_id),
        currency=x.currency,
        billing_address=p.address(x.billing_address),
        shipping_address=p.address(x.shipping_address),
        lines=[p.line(ln) for ln in x.lines],
        payment_terms=p.s(x.payment_terms),
        valid_until=x.valid_until.isoformat() if x.valid_until else "",
        owner_id=p.s(x.owner_id),
        approved_by=p.s(x.approved_by),
        approved_at=p.timestamp(x.approved_at),
        superseded=x.superseded,
        **p.totals(x),
        **_common(x),
    )


def order_message(x: Any) -> pb.SalesOrder:
    return pb.SalesOrder(
        number=x.number,
        status=x.status,
        quote_id=str(x.quote_id),
        quote_number=x.quote_number,
        account_id=str(x.account_id),
        contact_id=p.s(x.contact_id),
        opportunity_id=p.s(x.opportunity_id),
        currency=x.currency,
        billing_address=p.address(x.billing_address),
        shipping_address=p.address(x.shipping_address),
        lines=[p.line(ln) for ln in x.lines],
        payment_terms=p.s(x.payment_terms),
        due_date=x.due_date.isoformat() if x.due_date else "",
        owner_id=p.s(x.owner_id),
        **p.totals(x),
        **_common(x),
    )


def product_message(x: Any) -> pb.Product:
    return pb.Product(
        code=x.code,
        name=x.name,
        category=p.s(x.category),
        unit_price=str(x.unit_price),
        currency=x.currency,
        tax_class=p.s(x.tax_class),
        tax_percent=str(x.tax_percent),
        usage_unit=p.s(x.usage_unit),
        active=x.active,
        vendor_ref=p.s(x.vendor_ref),
        description=p.s(x.description),
        **_common(x),
    )


class SalesServicer(pb_grpc.SalesServiceServicer):
    def __init__(self, service: Sales) -> None:
        self.queries = service.queries
        self.access = service.access

    def _messages(self, spec: Spec, items: Sequence[Any], build: Callable[[Any], Any]) -> list[Any]:
        messages = [build(x) for x in items]
        hidden = self.access.fields(context.principal(), spec.module).hidden
        for msg in messages:
            for name in hidden:
                if name in msg.DESCRIPTOR.fields_by_name:
                    msg.ClearField(name)
        return messages

    def _get(self, spec: Spec, request: Any, build: Callable[[Any], Any]) -> Any:
        item = self.queries.get(spec, context.principal(), _uuid("id", request.id))
        return self._messages(spec, [item], build)[0]

    def _batch(
        self, spec: Spec, request: Any, build: Callable[[Any], Any]
    ) -> tuple[list[Any], list[str]]:
        ids = _ids(request.ids)
        found = self.queries.batch(spec, context.principal(), ids)
        order = {i: n for n, i in enumerate(ids)}
        found.sort(key=lambda x: order[x.id])
        have = {x.id for x in found}
        missing = list(dict.fromkeys(str(i) for i in ids if i not in have))
        return self._messages(spec, found, build), missing

    def _list(
        self, spec: Spec, params: ListParams, build: Callable[[Any], Any]
    ) -> tuple[list[Any], str]:
        items, token = self.queries.list(spec, context.principal(), params)
        return self._messages(spec, items, build), token or ""

    def GetQuote(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        return pb.GetQuoteResponse(quote=self._get(q.QUOTES, request, quote_message))

    def BatchGetQuotes(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        found, missing = self._batch(q.QUOTES, request, quote_message)
        return pb.BatchGetQuotesResponse(quotes=found, missing_ids=missing)

    def ListQuotes(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        account = _uuid("account_id", request.account_id) if request.account_id else None
        params = _params(request, account_id=account, include_superseded=True)
        found, token = self._list(q.QUOTES, params, quote_message)
        return pb.ListQuotesResponse(quotes=found, next_page_token=token)

    def GetSalesOrder(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        return pb.GetSalesOrderResponse(sales_order=self._get(q.ORDERS, request, order_message))

    def BatchGetSalesOrders(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        found, missing = self._batch(q.ORDERS, request, order_message)
        return pb.BatchGetSalesOrdersResponse(sales_orders=found, missing_ids=missing)

    def ListSalesOrders(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        account = _uuid("account_id", request.account_id) if request.account_id else None
        found, token = self._list(q.ORDERS, _params(request, account_id=account), order_message)
        return pb.ListSalesOrdersResponse(sales_orders=found, next_page_token=token)

    def ListOpportunities(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        account = _uuid("account_id", request.account_id) if request.account_id else None
        params = _params(request, account_id=account, open_only=request.open_only or None)
        found, token = self._list(q.OPPORTUNITIES, params, p.opportunity)
        return pb.ListOpportunitiesResponse(opportunities=found, next_page_token=token)

    def GetProduct(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        return pb.GetProductResponse(product=self._get(q.PRODUCTS, request, product_message))

    def BatchGetProducts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        found, missing = self._batch(q.PRODUCTS, request, product_message)
        return pb.BatchGetProductsResponse(products=found, missing_ids=missing)

    def ListProducts(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        found, token = self._list(q.PRODUCTS, _params(request), product_message)
        return pb.ListProductsResponse(products=found, next_page_token=token)


def register(service: Sales) -> Any:
    """Return the chassis ``register`` callback adding this servicer to a server."""

    def add(server: grpc.Server) -> list[str]:
        pb_grpc.add_SalesServiceServicer_to_server(SalesServicer(service), server)
        return [SERVICE_NAME]

    return add
