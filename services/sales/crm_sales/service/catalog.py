"""Products and price books (unowned modules: module access is enough)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound, invalid
from crm_sales.domain.catalog import PriceBook, Product, check_list_price
from crm_sales.domain.errors import ProductCodeTaken
from crm_sales.service.access import PRICE_BOOKS, PRODUCTS, Access

UowFactory = Callable[[], Any]


def create_product(
    uow_factory: UowFactory, access: Access, principal: Principal, fields: dict[str, Any]
) -> Product:
    access.require(principal, PRODUCTS, "create")
    access.check_writable(principal, PRODUCTS, fields.keys())
    product = Product.create(id=uuid.uuid4(), now=utcnow(), fields=fields)
    with uow_factory() as uow:
        if uow.products.code_taken(product.code):
            raise ProductCodeTaken(product.code)
        uow.products.add(product)
    return product


def update_product(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    product_id: UUID,
    changes: dict[str, Any],
    expected: int | None,
) -> Product:
    access.require(principal, PRODUCTS, "edit")
    access.check_writable(principal, PRODUCTS, changes.keys())
    with uow_factory() as uow:
        product = uow.products.get(product_id)
        if product is None:
            raise RecordNotFound("Product", product_id)
        product.update(changes, now=utcnow(), expected=expected)
        if uow.products.code_taken(product.code, exclude=product.id):
            raise ProductCodeTaken(product.code)
        uow.products.save(product)
    return product


def create_price_book(
    uow_factory: UowFactory, access: Access, principal: Principal, fields: dict[str, Any]
) -> PriceBook:
    access.require(principal, PRICE_BOOKS, "create")
    book = PriceBook.create(id=uuid.uuid4(), now=utcnow(), fields=fields)
    with uow_factory() as uow:
        uow.price_books.add(book)
    return book


def set_list_price(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    book_id: UUID,
    product_id: UUID,
    list_price: Any,
) -> dict[str, Any]:
    """Put a product's list price in a price book (in the book's currency)."""
    access.require(principal, PRICE_BOOKS, "edit")
    price = check_list_price(list_price)
    with uow_factory() as uow:
        book = uow.price_books.get(book_id)
        if book is None:
            raise RecordNotFound("Price book", book_id)
        if uow.products.get(product_id) is None:
            raise invalid("product_id", "is not an existing product")
        now = utcnow()
        uow.price_books.set_price(book_id, product_id, price, now)
        book.updated_at, book.version = now, book.version + 1
        uow.price_books.save(book)
    return {
        "price_book_id": book_id,
        "product_id": product_id,
        "list_price": str(price),
        "currency": book.currency,
    }
