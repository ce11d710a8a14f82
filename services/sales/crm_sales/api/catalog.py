"""Product and price book routes (unowned modules)."""

from __future__ import annotations

from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Api, Reply, if_match
from crm_sales.api import schemas as s
from crm_sales.api.mapping import fields_of_body, filter_names, jsonable, list_params, record
from crm_sales.bootstrap import Sales
from crm_sales.service.access import PRICE_BOOKS, PRODUCTS
from crm_sales.service.queries import PRICE_BOOKS as BOOKS
from crm_sales.service.queries import PRODUCTS as SPEC

PRODUCT_FILTERS = filter_names(s.ProductListQuery)
BOOK_FILTERS = filter_names(s.PriceBookListQuery)


def register(api: Api, app: Sales) -> None:
    def _product(p: object) -> dict:
        return record(p, app.access.fields(context.principal(), PRODUCTS))

    @api.route(
        "/products",
        "POST",
        body=s.ProductCreate,
        status=201,
        permission=(PRODUCTS, "create"),
        summary="Create a product",
    )
    def create_product(body: s.ProductCreate) -> Reply:
        product = app.create_product(context.principal(), fields_of_body(body))
        return Reply(
            _product(product),
            status=201,
            location=f"/api/sales/v1/products/{product.id}",
            etag=product.version,
        )

    @api.route(
        "/products/<product_id>", "GET", permission=(PRODUCTS, "view"), summary="Get a product"
    )
    def get_product(product_id: UUID) -> Reply:
        product = app.queries.get(SPEC, context.principal(), product_id)
        return Reply(_product(product), etag=product.version)

    @api.route(
        "/products",
        "GET",
        query=s.ProductListQuery,
        permission=(PRODUCTS, "view"),
        summary="List products",
    )
    def list_products(query: s.ProductListQuery) -> Reply:
        items, cursor = app.queries.list(
            SPEC, context.principal(), list_params(query, PRODUCT_FILTERS)
        )
        return Reply({"items": [_product(x) for x in items], "next_cursor": cursor})

    @api.route(
        "/products/<product_id>",
        "PATCH",
        body=s.ProductPatch,
        permission=(PRODUCTS, "edit"),
        summary="Change a product",
    )
    def patch_product(product_id: UUID, body: s.ProductPatch) -> Reply:
        product = app.update_product(
            context.principal(), product_id, fields_of_body(body), if_match()
        )
        return Reply(_product(product), etag=product.version)

    @api.route(
        "/price-books",
        "POST",
        body=s.PriceBookCreate,
        status=201,
        permission=(PRICE_BOOKS, "create"),
        summary="Create a price book",
    )
    def create_price_book(body: s.PriceBookCreate) -> Reply:
        book = app.create_price_book(context.principal(), fields_of_body(body))
        return Reply(
            record(book),
            status=201,
            location=f"/api/sales/v1/price-books/{book.id}",
            etag=book.version,
        )

    @api.route(
        "/price-books/<price_book_id>",
        "GET",
        permission=(PRICE_BOOKS, "view"),
        summary="Get a price book",
    )
    def get_price_book(price_book_id: UUID) -> Reply:
        book = app.queries.get(BOOKS, context.principal(), price_book_id)
        return Reply(record(book), etag=book.version)

    @api.route(
        "/price-books",
        "GET",
        query=s.PriceBookListQuery,
        permission=(PRICE_BOOKS, "view"),
        summary="List price books",
    )
    def list_price_books(query: s.PriceBookListQuery) -> Reply:
        items, cursor = app.queries.list(
            BOOKS, context.principal(), list_params(query, BOOK_FILTERS)
        )
        return Reply({"items": [record(x) for x in items], "next_cursor": cursor})

    @api.route(
        "/price-books/<price_book_id>/prices",
        "GET",
        permission=(PRICE_BOOKS, "view"),
        summary="List prices of a price book",
    )
    def list_prices(price_book_id: UUID) -> Reply:
        rows = app.queries.prices(context.principal(), price_book_id)
        return Reply({"items": jsonable(rows), "next_cursor": None})

    @api.route(
        "/price-books/<price_book_id>/prices/<product_id>",
        "PUT",
        body=s.ListPriceBody,
        permission=(PRICE_BOOKS, "edit"),
        summary="Set a product's list price in a price book",
    )
    def put_price(price_book_id: UUID, product_id: UUID, body: s.ListPriceBody) -> Reply:
        entry = app.set_list_price(context.principal(), price_book_id, product_id, body.list_price)
        return Reply(jsonable(entry))
