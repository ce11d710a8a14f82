"""Price books and their list prices (an unowned module)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply
from crm_sales.api.caller import run, sales
from crm_sales.api.schemas.catalog import (
    ListPriceBody,
    ListPriceOut,
    PriceBookCreate,
    PriceBookListQuery,
    PriceBookOut,
    PriceOut,
)
from crm_sales.api.schemas.parts import list_params, record
from crm_sales.domain.commands import CreatePriceBook, SetListPrice
from crm_sales.service import queries as q
from crm_sales.service.access import PRICE_BOOKS

bp = Blueprint("price_books", tag="price-books")
BASE = "/api/sales/v1/price-books"


@bp.post(
    "/price-books",
    body=PriceBookCreate,
    response=PriceBookOut,
    status=201,
    permission=(PRICE_BOOKS, "create"),
)
def create_price_book(body: PriceBookCreate) -> Reply:
    """Create a price book."""
    book = run(CreatePriceBook(body.name, body.currency, body.active, body.description))
    return Reply(record(book, PriceBookOut), location=f"{BASE}/{book.id}", etag=book.version)


@bp.get("/price-books/<price_book_id>", response=PriceBookOut, permission=(PRICE_BOOKS, "view"))
def get_price_book(price_book_id: UUID) -> Reply:
    """Get a price book."""
    book = sales().queries.get(q.PRICE_BOOKS, context.principal(), price_book_id)
    return Reply(record(book, PriceBookOut), etag=book.version)


@bp.get(
    "/price-books",
    query=PriceBookListQuery,
    response=Page[PriceBookOut],
    permission=(PRICE_BOOKS, "view"),
)
def list_price_books(query: PriceBookListQuery) -> dict[str, Any]:
    """List price books."""
    items, cursor = sales().queries.list(q.PRICE_BOOKS, context.principal(), list_params(query))
    return {"items": [record(x, PriceBookOut) for x in items], "next_cursor": cursor}


@bp.get(
    "/price-books/<price_book_id>/prices",
    response=Page[PriceOut],
    permission=(PRICE_BOOKS, "view"),
)
def list_prices(price_book_id: UUID) -> dict[str, Any]:
    """List the prices of a price book."""
    prices = sales().queries.prices(context.principal(), price_book_id)
    return {"items": prices, "next_cursor": None}


@bp.put(
    "/price-books/<price_book_id>/prices/<product_id>",
    body=ListPriceBody,
    response=ListPriceOut,
    permission=(PRICE_BOOKS, "edit"),
)
def put_price(price_book_id: UUID, product_id: UUID, body: ListPriceBody) -> dict[str, Any]:
    """Set a product's list price in a price book."""
    price = run(SetListPrice(price_book_id, product_id, body.list_price))
    return record(price, ListPriceOut)
