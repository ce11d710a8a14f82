"""Quote, sales order and enquiry routes."""

from __future__ import annotations

from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Api, Reply, if_match
from crm_sales.api import schemas as s
from crm_sales.api.mapping import (
    caller_token,
    fields_of_body,
    filter_names,
    list_params,
    record,
)
from crm_sales.bootstrap import Sales
from crm_sales.service.access import ENQUIRIES, QUOTES, SALES_ORDERS
from crm_sales.service.queries import ENQUIRIES as ENQ
from crm_sales.service.queries import ORDERS
from crm_sales.service.queries import QUOTES as SPEC

QUOTE_FILTERS = filter_names(s.QuoteListQuery)
ORDER_FILTERS = filter_names(s.OrderListQuery)
ENQ_FILTERS = filter_names(s.EnquiryListQuery)


def _lines(body: dict) -> dict:
    if body.get("lines") is not None:
        body["lines"] = [dict(ln) for ln in body["lines"]]
    return body


def register(api: Api, app: Sales) -> None:
    def _out(obj: object, module: str) -> dict:
        return record(obj, app.access.fields(context.principal(), module))

    @api.route(
        "/quotes",
        "POST",
        body=s.QuoteCreate,
        status=201,
        permission=(QUOTES, "create"),
        summary="Create a quote (lines priced from the price book, numbered QUO-YYYY-N)",
    )
    def create_quote(body: s.QuoteCreate) -> Reply:
        quote = app.create_quote(context.principal(), _lines(fields_of_body(body)), caller_token())
        return Reply(
            _out(quote, QUOTES),
            status=201,
            location=f"/api/sales/v1/quotes/{quote.id}",
            etag=quote.version,
        )

    @api.route("/quotes/<quote_id>", "GET", permission=(QUOTES, "view"), summary="Get a quote")
    def get_quote(quote_id: UUID) -> Reply:
        quote = app.queries.get(SPEC, context.principal(), quote_id)
        return Reply(_out(quote, QUOTES), etag=quote.version)

    @api.route(
        "/quotes",
        "GET",
        query=s.QuoteListQuery,
        permission=(QUOTES, "view"),
        summary="List or search quotes (number, account_id, product_id, q)",
    )
    def list_quotes(query: s.QuoteListQuery) -> Reply:
        items, cursor = app.queries.list(
            SPEC, context.principal(), list_params(query, QUOTE_FILTERS)
        )
        return Reply({"items": [_out(x, QUOTES) for x in items], "next_cursor": cursor})

    @api.route(
        "/quotes/<quote_id>",
        "PATCH",
        body=s.QuotePatch,
        permission=(QUOTES, "edit"),
        summary="Change a draft quote (409 once approved)",
    )
    def patch_quote(quote_id: UUID, body: s.QuotePatch) -> Reply:
        quote = app.update_quote(
            context.principal(), quote_id, _lines(fields_of_body(body)), if_match()
        )
        return Reply(_out(quote, QUOTES), etag=quote.version)

    @api.route(
        "/quotes/<quote_id>/approve",
        "POST",
        permission=(QUOTES, "edit"),
        summary="Approve a quote (emits sales.quote.approved.v1)",
    )
    def approve_quote(quote_id: UUID) -> Reply:
        quote = app.approve_quote(context.principal(), quote_id)
        return Reply(_out(quote, QUOTES), etag=quote.version)

    @api.route(
        "/quotes/<quote_id>/revise",
        "POST",
        status=201,
        permission=(QUOTES, "edit"),
        summary="Make a new draft version of a quote (same number)",
    )
    def revise_quote(quote_id: UUID) -> Reply:
        quote = app.revise_quote(context.principal(), quote_id)
        return Reply(
            _out(quote, QUOTES),
            status=201,
            location=f"/api/sales/v1/quotes/{quote.id}",
            etag=quote.version,
        )

    @api.route(
        "/sales-orders",
        "POST",
        body=s.OrderCreate,
        status=201,
        permission=(SALES_ORDERS, "create"),
        summary="Create a sales order from an approved quote",
    )
    def create_order(body: s.OrderCreate) -> Reply:
        extra = {k: v for k, v in fields_of_body(body).items() if k != "quote_id"}
        order = app.create_order(context.principal(), body.quote_id, extra)
        return Reply(
            _out(order, SALES_ORDERS),
            status=201,
            location=f"/api/sales/v1/sales-orders/{order.id}",
            etag=order.version,
        )

    @api.route(
        "/sales-orders/<order_id>",
        "GET",
        permission=(SALES_ORDERS, "view"),
        summary="Get a sales order",
    )
    def get_order(order_id: UUID) -> Reply:
        order = app.queries.get(ORDERS, context.principal(), order_id)
        return Reply(_out(order, SALES_ORDERS), etag=order.version)

    @api.route(
        "/sales-orders",
        "GET",
        query=s.OrderListQuery,
        permission=(SALES_ORDERS, "view"),
        summary="List sales orders",
    )
    def list_orders(query: s.OrderListQuery) -> Reply:
        items, cursor = app.queries.list(
            ORDERS, context.principal(), list_params(query, ORDER_FILTERS)
        )
        return Reply({"items": [_out(x, SALES_ORDERS) for x in items], "next_cursor": cursor})

    @api.route(
        "/sales-orders/<order_id>",
        "PATCH",
        body=s.OrderPatch,
        permission=(SALES_ORDERS, "edit"),
        summary="Change a sales order's status",
    )
    def patch_order(order_id: UUID, body: s.OrderPatch) -> Reply:
        order = app.set_order_status(context.principal(), order_id, body.status, if_match())
        return Reply(_out(order, SALES_ORDERS), etag=order.version)

    @api.route(
        "/enquiries",
        "POST",
        body=s.EnquiryCreate,
        status=201,
        permission=(ENQUIRIES, "create"),
        summary="Record a customer enquiry",
    )
    def create_enquiry(body: s.EnquiryCreate) -> Reply:
        enquiry = app.create_enquiry(context.principal(), fields_of_body(body))
        return Reply(
            _out(enquiry, ENQUIRIES),
            status=201,
            location=f"/api/sales/v1/enquiries/{enquiry.id}",
            etag=enquiry.version,
        )

    @api.route(
        "/enquiries/<enquiry_id>", "GET", permission=(ENQUIRIES, "view"), summary="Get an enquiry"
    )
    def get_enquiry(enquiry_id: UUID) -> Reply:
        enquiry = app.queries.get(ENQ, context.principal(), enquiry_id)
        return Reply(_out(enquiry, ENQUIRIES), etag=enquiry.version)

    @api.route(
        "/enquiries",
        "GET",
        query=s.EnquiryListQuery,
        permission=(ENQUIRIES, "view"),
        summary="List enquiries",
    )
    def list_enquiries(query: s.EnquiryListQuery) -> Reply:
        items, cursor = app.queries.list(ENQ, context.principal(), list_params(query, ENQ_FILTERS))
        return Reply({"items": [_out(x, ENQUIRIES) for x in items], "next_cursor": cursor})

    @api.route(
        "/enquiries/<enquiry_id>/quote",
        "POST",
        status=201,
        permission=(ENQUIRIES, "edit"),
        summary="Turn an enquiry into a quote",
    )
    def quote_enquiry(enquiry_id: UUID) -> Reply:
        quote = app.quote_enquiry(context.principal(), enquiry_id, caller_token())
        return Reply(
            _out(quote, QUOTES),
            status=201,
            location=f"/api/sales/v1/quotes/{quote.id}",
            etag=quote.version,
        )
