"""SalesService: parse the request, call one query, map the result to protos.

Errors are raised as the chassis's AppErrors; its interceptor maps them to status codes.
"""

# Method names are the RPC names of the generated base class.
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import grpc

from crm.sales.v1 import sales_pb2 as pb
from crm.sales.v1 import sales_pb2_grpc as pb_grpc
from crm_chassis import context
from crm_chassis.errors import BadRequest, FieldError
from crm_chassis.grpc.convert import (
    in_request_order,
    next_page_token,
    optional_datetime,
    optional_timestamp,
    optional_uuid,
    page_size,
    page_token,
    parse_ids,
    parse_uuid,
    redact,
    text,
)
from crm_sales.adapters import protos as p
from crm_sales.bootstrap import Sales
from crm_sales.service import field_rules
from crm_sales.service import queries as q
from crm_sales.service.access import PRODUCTS
from crm_sales.service.queries import MAX_BATCH, ListParams, Spec

SERVICE_NAME = "crm.sales.v1.SalesService"
LIST_DEFAULT, LIST_MAX = 50, 500


def _params(request: Any, **filters: Any) -> ListParams:
    return ListParams(
        limit=page_size(request.page_size, LIST_DEFAULT, LIST_MAX),
        cursor=page_token(request),
        sort="updated_at",
        updated_since=optional_datetime(request, "updated_since"),
        filters={k: v for k, v in filters.items() if v is not None},
    )


def _common(obj: Any) -> dict[str, Any]:
    return {
        "id": str(obj.id),
        "version": obj.version,
        "created_at": optional_timestamp(obj.created_at),
        "updated_at": optional_timestamp(obj.updated_at),
    }


def quote_message(x: Any) -> pb.Quote:
    return pb.Quote(
        number=x.number,
        quote_version=x.quote_version,
        subject=text(x.subject),
        stage=x.stage,
        approval_status=x.approval_status,
        account_id=str(x.account_id),
        contact_id=text(x.contact_id),
        opportunity_id=text(x.opportunity_id),
        price_book_id=text(x.price_book_id),
        currency=x.currency,
        billing_address=p.address(x.billing_address),
        shipping_address=p.address(x.shipping_address),
        lines=[p.line(ln) for ln in x.lines],
        payment_terms=text(x.payment_terms),
        valid_until=x.valid_until.isoformat() if x.valid_until else "",
        owner_id=text(x.owner_id),
        approved_by=text(x.approved_by),
        approved_at=optional_timestamp(x.approved_at),
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
        contact_id=text(x.contact_id),
        opportunity_id=text(x.opportunity_id),
        currency=x.currency,
        billing_address=p.address(x.billing_address),
        shipping_address=p.address(x.shipping_address),
        lines=[p.line(ln) for ln in x.lines],
        payment_terms=text(x.payment_terms),
        due_date=x.due_date.isoformat() if x.due_date else "",
        owner_id=text(x.owner_id),
        **p.totals(x),
        **_common(x),
    )


def product_message(x: Any) -> pb.Product:
    return pb.Product(
        code=x.code,
        name=x.name,
        category=text(x.category),
        unit_price=str(x.unit_price),
        currency=x.currency,
        tax_class=text(x.tax_class),
        tax_percent=str(x.tax_percent),
        usage_unit=text(x.usage_unit),
        active=x.active,
        vendor_ref=text(x.vendor_ref),
        description=text(x.description),
        **_common(x),
    )


def lead_message(x: Any) -> pb.Lead:
    return pb.Lead(
        salutation=text(x.salutation),
        first_name=text(x.first_name),
        last_name=x.last_name,
        company=text(x.company),
        title=text(x.title),
        email=text(x.email),
        phone=text(x.phone),
        mobile=text(x.mobile),
        industry=text(x.industry),
        lead_source=text(x.lead_source),
        lead_status=x.lead_status,
        owner_id=text(x.owner_id),
        tags=list(x.tags),
        converted=x.converted,
        email_opt_out=x.email_opt_out,
        do_not_contact=x.do_not_contact,
        **_common(x),
    )


def _named(messages: list[Any]) -> list[Any]:
    """Each lead's ``name`` from its name parts left after redaction (the visible ones)."""
    for m in messages:
        m.name = " ".join(part for part in (m.first_name, m.last_name) if part)
    return messages


# A segment filter names at most this many values per field (marketing checks the same).
MAX_FILTER_VALUES = 50


def _lead_filters(request: Any) -> dict[str, Any]:
    """ListLeads' filters: lists of values (any matches), a creation bound, converted."""
    found: dict[str, Any] = {
        "owner_id": optional_uuid("owner_id", request.owner_id),
        "created_since": optional_datetime(request, "created_since"),
        "converted": None if request.include_converted else False,
    }
    for field, name in (
        ("lead_statuses", "lead_status"),
        ("lead_sources", "lead_source"),
        ("industries", "industry"),
        ("tags", "tags"),
    ):
        values = [v for v in getattr(request, field) if v.strip()]
        if len(values) > MAX_FILTER_VALUES:
            raise BadRequest(
                f"At most {MAX_FILTER_VALUES} values per filter.",
                errors=[FieldError(field, f"at most {MAX_FILTER_VALUES} values")],
            )
        found[name] = values or None
    return found


class SalesServicer(pb_grpc.SalesServiceServicer):
    def __init__(self, service: Sales) -> None:
        self.queries = service.queries
        self.access = service.access

    def _messages(self, spec: Spec, items: Sequence[Any], build: Callable[[Any], Any]) -> list[Any]:
        messages = [build(x) for x in items]
        redact(messages, self.access.fields(context.principal(), spec.module).hidden)
        if spec in (q.QUOTES, q.ORDERS):
            # Lines copy the product's code and name: the products profile decides those.
            products = self.access.fields(context.principal(), PRODUCTS)
            gone = {c for c, f in field_rules.ROWS["line"][1].items() if not products.visible(f)}
            redact([ln for m in messages for ln in m.lines], frozenset(gone))
        return messages

    def _get(self, spec: Spec, request: Any, build: Callable[[Any], Any]) -> Any:
        item = self.queries.get(spec, context.principal(), parse_uuid("id", request.id))
        return self._messages(spec, [item], build)[0]

    def _batch(
        self, spec: Spec, request: Any, build: Callable[[Any], Any]
    ) -> tuple[list[Any], list[str]]:
        ids = parse_ids(request.ids, MAX_BATCH)
        found, missing = in_request_order(ids, self.queries.batch(spec, context.principal(), ids))
        return self._messages(spec, found, build), missing

    def _list(
        self, spec: Spec, params: ListParams, build: Callable[[Any], Any]
    ) -> tuple[list[Any], str]:
        items, token = self.queries.list(spec, context.principal(), params)
        return self._messages(spec, items, build), next_page_token(token)

    def GetQuote(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        return pb.GetQuoteResponse(quote=self._get(q.QUOTES, request, quote_message))

    def BatchGetQuotes(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        found, missing = self._batch(q.QUOTES, request, quote_message)
        return pb.BatchGetQuotesResponse(quotes=found, missing_ids=missing)

    def ListQuotes(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        account = optional_uuid("account_id", request.account_id)
        params = _params(request, account_id=account, include_superseded=True)
        found, token = self._list(q.QUOTES, params, quote_message)
        return pb.ListQuotesResponse(quotes=found, next_page_token=token)

    def GetSalesOrder(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        return pb.GetSalesOrderResponse(sales_order=self._get(q.ORDERS, request, order_message))

    def BatchGetSalesOrders(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        found, missing = self._batch(q.ORDERS, request, order_message)
        return pb.BatchGetSalesOrdersResponse(sales_orders=found, missing_ids=missing)

    def ListSalesOrders(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        account = optional_uuid("account_id", request.account_id)
        found, token = self._list(q.ORDERS, _params(request, account_id=account), order_message)
        return pb.ListSalesOrdersResponse(sales_orders=found, next_page_token=token)

    def ListOpportunities(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        account = optional_uuid("account_id", request.account_id)
        params = _params(request, account_id=account, open_only=request.open_only or None)
        found, token = self._list(q.OPPORTUNITIES, params, p.opportunity)
        return pb.ListOpportunitiesResponse(opportunities=found, next_page_token=token)

    def _lead(self, lead: Any, fields: Any, message: Any) -> Any:
        # The name shows only the visible parts of it; other hidden fields are cleared.
        name = " ".join(
            str(v)
            for n in ("first_name", "last_name")
            if fields.visible(n) and (v := getattr(lead, n))
        )
        found = message(
            id=str(lead.id),
            name=name,
            company=text(lead.company),
            owner_id=text(lead.owner_id),
            lead_status=lead.lead_status,
            converted=lead.converted,
        )
        redact([found], fields.hidden)
        return found

    def GetLead(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        lead = self.queries.get(q.LEADS, context.principal(), parse_uuid("id", request.id))
        fields = self.access.fields(context.principal(), q.LEADS.module)
        return self._lead(lead, fields, pb.GetLeadResponse)

    def BatchGetLeads(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        found, missing = self._batch(q.LEADS, request, lead_message)
        return pb.BatchGetLeadsResponse(leads=_named(found), missing_ids=missing)

    def ListLeads(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        params = _params(request, **_lead_filters(request))
        found, token = self._list(q.LEADS, params, lead_message)
        return pb.ListLeadsResponse(leads=_named(found), next_page_token=token)

    def GetOpportunity(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        found = self._get(q.OPPORTUNITIES, request, p.opportunity)
        return pb.GetOpportunityResponse(opportunity=found)

    def GetAccountActivity(self, request: Any, ctx: grpc.ServicerContext) -> Any:
        account_id = parse_uuid("account_id", request.account_id)
        counts = self.queries.account_activity(context.principal(), account_id)
        return pb.GetAccountActivityResponse(account_id=str(account_id), **counts)

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
