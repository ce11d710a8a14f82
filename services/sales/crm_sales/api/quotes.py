"""Quotes: priced from price books, approved, revised; searched by customer and product."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match
from crm_sales.api.caller import field_access, run, sales
from crm_sales.api.schemas.parts import list_params, record
from crm_sales.api.schemas.quotes import LineOut, QuoteCreate, QuoteListQuery, QuoteOut, QuotePatch
from crm_sales.domain.commands import ApproveQuote, CreateQuote, ReviseQuote, UpdateQuote
from crm_sales.domain.lines import Line
from crm_sales.domain.quotes import Quote
from crm_sales.service import field_rules
from crm_sales.service import queries as q
from crm_sales.service.access import PRODUCTS, QUOTES

bp = Blueprint("quotes")
BASE = "/api/sales/v1/quotes"


def lines_out(lines: list[Line]) -> list[dict[str, Any]]:
    """The lines without the product code or name the caller's products profile hides."""
    rows = [record(line, LineOut) for line in lines]
    return field_rules.redact_rows(field_access(PRODUCTS), rows, field_rules.ROWS["line"][1])


def quote_out(quote: Quote) -> dict[str, Any]:
    """A quote as the caller may see it, with its lines."""
    return record(quote, QuoteOut, field_access(QUOTES), lines=lines_out(quote.lines))


def quote_reply(quote: Quote) -> Reply:
    """A new quote (or version), where it lives."""
    return Reply(quote_out(quote), location=f"{BASE}/{quote.id}", etag=quote.version)


@bp.post(
    "/quotes",
    body=QuoteCreate,
    response=QuoteOut,
    status=201,
    permission=(QUOTES, "create"),
    summary="Create a quote (lines priced from the price book, numbered QUO-YYYY-N)",
)
def create_quote(body: QuoteCreate) -> Reply:
    fields, lines, token = body.to_fields(), body.to_lines(), context.caller_token()
    return quote_reply(run(CreateQuote(body.account_id, fields, lines, body.sent, token)))


@bp.get("/quotes/<quote_id>", response=QuoteOut, permission=(QUOTES, "view"))
def get_quote(quote_id: UUID) -> Reply:
    """Get a quote."""
    quote = sales().queries.get(q.QUOTES, context.principal(), quote_id)
    return Reply(quote_out(quote), etag=quote.version)


@bp.get(
    "/quotes",
    query=QuoteListQuery,
    response=Page[QuoteOut],
    permission=(QUOTES, "view"),
    summary="List or search quotes (number, account_id, product_id, q)",
)
def list_quotes(query: QuoteListQuery) -> dict[str, Any]:
    found, cursor = sales().queries.list(q.QUOTES, context.principal(), list_params(query))
    return {"items": [quote_out(x) for x in found], "next_cursor": cursor}


@bp.patch("/quotes/<quote_id>", body=QuotePatch, response=QuoteOut, permission=(QUOTES, "edit"))
def patch_quote(quote_id: UUID, body: QuotePatch) -> Reply:
    """Change a draft quote (409 once approved)."""
    command = UpdateQuote(
        quote_id, body.to_fields(), body.sent, body.to_lines(), if_match(), context.caller_token()
    )
    quote = run(command)
    return Reply(quote_out(quote), etag=quote.version)


@bp.post("/quotes/<quote_id>/approve", response=QuoteOut, permission=(QUOTES, "edit"))
def approve_quote(quote_id: UUID) -> Reply:
    """Approve a quote (emits sales.quote.approved.v1)."""
    quote = run(ApproveQuote(quote_id))
    return Reply(quote_out(quote), etag=quote.version)


@bp.post("/quotes/<quote_id>/revise", response=QuoteOut, status=201, permission=(QUOTES, "edit"))
def revise_quote(quote_id: UUID) -> Reply:
    """Make a new draft version of a quote (same number)."""
    return quote_reply(run(ReviseQuote(quote_id)))
