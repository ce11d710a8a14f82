"""Products and price books (unowned modules: module access is enough)."""

from __future__ import annotations

import uuid

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound, invalid
from crm_sales.domain.catalog import ListPrice, PriceBook, Product, check_list_price
from crm_sales.domain.commands import CreatePriceBook, CreateProduct, SetListPrice, UpdateProduct
from crm_sales.domain.errors import ProductCodeTaken
from crm_sales.service.access import PRICE_BOOKS, PRODUCTS
from crm_sales.service.unit_of_work import UnitOfWorkFactory


def create_product(
    cmd: CreateProduct, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Product:
    """Create a product; its code is unique."""
    access.require(caller, PRODUCTS, "create")
    access.check_writable(caller, PRODUCTS, cmd.sent)
    product = Product.create(id=uuid.uuid4(), now=utcnow(), fields=cmd.fields)
    with uow() as tx:
        if tx.products.code_taken(product.code):
            raise ProductCodeTaken(product.code)
        tx.products.add(product)
    return product


def update_product(
    cmd: UpdateProduct, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Product:
    """Change the fields the caller sent."""
    access.require(caller, PRODUCTS, "edit")
    access.check_writable(caller, PRODUCTS, cmd.sent)
    with uow() as tx:
        product = tx.products.get(cmd.product_id)
        if product is None:
            raise RecordNotFound("Product", cmd.product_id)
        product.update(cmd.fields, cmd.sent, now=utcnow(), expected=cmd.expected_version)
        if tx.products.code_taken(product.code, exclude=product.id):
            raise ProductCodeTaken(product.code)
        tx.products.save(product)
    return product


def create_price_book(
    cmd: CreatePriceBook, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> PriceBook:
    """Create a price book."""
    access.require(caller, PRICE_BOOKS, "create")
    book = PriceBook.create(
        id=uuid.uuid4(),
        now=utcnow(),
        name=cmd.name,
        currency=cmd.currency,
        active=cmd.active,
        description=cmd.description,
    )
    with uow() as tx:
        tx.price_books.add(book)
    return book


def set_list_price(
    cmd: SetListPrice, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> ListPrice:
    """Put a product's list price in a price book (in the book's currency)."""
    access.require(caller, PRICE_BOOKS, "edit")
    price = check_list_price(cmd.list_price)
    with uow() as tx:
        book = tx.price_books.get(cmd.price_book_id)
        if book is None:
            raise RecordNotFound("Price book", cmd.price_book_id)
        if tx.products.get(cmd.product_id) is None:
            raise invalid("product_id", "is not an existing product")
        now = utcnow()
        tx.price_books.set_price(book.id, cmd.product_id, price, now)
        book.updated_at, book.version = now, book.version + 1
        tx.price_books.save(book)
    return ListPrice(
        price_book_id=book.id, product_id=cmd.product_id, list_price=price, currency=book.currency
    )
