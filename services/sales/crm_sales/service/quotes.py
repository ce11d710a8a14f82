"""Quote use cases (flow 2): price lines from a price book, approve, revise; orders from quotes.

Numbers come from a counter row incremented in the creating transaction (gap-free per
series and year: QUO-2026-000001, SO-2026-000001, ENQ-2026-000001).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import AppError, RecordNotFound, invalid
from crm_chassis.fields import Address, Checker
from crm_chassis.logging import get_logger
from crm_sales.domain.errors import OrderExists
from crm_sales.domain.orders import SalesOrder
from crm_sales.domain.ports import AccountDirectory
from crm_sales.domain.quotes import (
    LineInput,
    Quote,
    check_line,
    clean_header,
    price_lines,
)
from crm_sales.service.access import QUOTES, SALES_ORDERS, Access, caller_id

log = get_logger(__name__)
UowFactory = Callable[[], Any]


def number(uow: Any, prefix: str) -> str:
    year = utcnow().year
    return f"{prefix}-{year}-{uow.counters.next(f'{prefix}-{year}'):06d}"


def resolve_lines(
    uow: Any, raw_lines: list[dict[str, Any]], currency: str, price_book_id: UUID | None
) -> list[LineInput]:
    """Check the requested lines and price them; 422 naming every bad line field."""
    check = Checker()
    parsed = [check_line(n, raw, check) for n, raw in enumerate(raw_lines)]
    ids: set[UUID] = set()
    for n, raw in enumerate(raw_lines):
        try:
            ids.add(UUID(str(raw.get("product_id"))))
        except ValueError:
            check.add(f"lines.{n}.product_id", "must be a product id")
    products = uow.products.many(ids)
    prices: dict[UUID, str] = {}
    if price_book_id is not None:
        book = uow.price_books.get(price_book_id)
        if book is None:
            raise invalid("price_book_id", "is not an existing price book")
        if book.currency != currency:
            raise invalid("price_book_id", f"is in {book.currency}, but the quote is in {currency}")
        prices = uow.price_books.prices(price_book_id, set(products))
    inputs: list[LineInput] = []
    for n, (raw, (quantity, percent, amount, tax, price)) in enumerate(
        zip(raw_lines, parsed, strict=True)
    ):
        try:
            product = products.get(UUID(str(raw.get("product_id"))))
        except ValueError:
            continue
        if product is None:
            check.add(f"lines.{n}.product_id", "is not an existing product")
            continue
        if not product.active:
            check.add(f"lines.{n}.product_id", "is not an active product")
            continue
        if price is None:
            if price_book_id is not None:
                if product.id not in prices:
                    check.add(f"lines.{n}.product_id", "has no price in the price book")
                    continue
                price = Decimal(prices[product.id])
            elif product.currency != currency:
                check.add(
                    f"lines.{n}.product_id",
                    f"is priced in {product.currency}, the quote is in {currency}",
                )
                continue
            else:
                price = product.unit_price
        if quantity is None:
            continue
        inputs.append(
            LineInput(
                product_id=product.id,
                product_code=product.code,
                product_name=product.name,
                quantity=quantity,
                unit_price=price,
                discount_percent=percent or Decimal(0),
                discount_amount=amount if amount else None,
                tax_class=product.tax_class,
                tax_percent=tax if tax is not None else product.tax_percent,
                usage_unit=product.usage_unit,
                description=raw.get("description"),
            )
        )
    if not raw_lines:
        check.add("lines", "at least one line")
    check.raise_if_any()
    return inputs


def _addresses(
    directory: AccountDirectory, account_id: UUID, header: dict[str, Any], token: str | None
) -> None:
    """Copy the account's name, and its billing/shipping addresses unless the caller gave them.

    With both addresses given the account is only needed for its name (``q=`` by customer):
    if contacts cannot answer then, the quote is still made, without the name, which the
    account's next contacts event fills in.
    """
    given = "billing_address" in header and "shipping_address" in header
    try:
        account = directory.get_account(account_id, token=token)
    except AppError as exc:
        if not given:
            raise
        log.warning("quote.account_name_unknown", account_id=str(account_id), error=str(exc))
        return
    if account is None:
        if given:
            return
        raise invalid("account_id", "is not an existing account")
    header["account_name"] = account.get("name") or None
    for name in ("billing_address", "shipping_address"):
        if name not in header:
            header[name] = Address.of(account.get(name))


def create_quote(
    uow_factory: UowFactory,
    access: Access,
    directory: AccountDirectory,
    principal: Principal,
    fields: dict[str, Any],
    token: str | None,
    *,
    enquiry_id: UUID | None = None,
) -> Quote:
    access.require(principal, QUOTES, "create")
    access.check_writable(principal, QUOTES, fields.keys())
    fields = dict(fields)
    raw_lines = fields.pop("lines", None) or []
    owner_id = fields.pop("owner_id", None) or caller_id(principal)
    account_id, book_id = fields.pop("account_id"), fields.pop("price_book_id", None)
    currency = fields.get("currency") or "EUR"
    header = clean_header({**fields, "currency": currency})
    _addresses(directory, account_id, header, token)
    with uow_factory() as uow:
        quote = new_quote(
            uow,
            account_id=account_id,
            currency=currency,
            owner_id=owner_id,
            book_id=book_id,
            enquiry_id=enquiry_id,
            header=header,
            raw_lines=raw_lines,
        )
    log.info("quote.created", quote_id=str(quote.id), number=quote.number)
    return quote


def new_quote(
    uow: Any,
    *,
    account_id: UUID,
    currency: str,
    owner_id: UUID | None,
    book_id: UUID | None,
    enquiry_id: UUID | None,
    header: dict[str, Any],
    raw_lines: list[dict[str, Any]],
) -> Quote:
    """Price the lines, number the quote and add it, inside the caller's transaction."""
    lines = price_lines(resolve_lines(uow, raw_lines, currency, book_id), uuid.uuid4)
    now = utcnow()
    quote = Quote(
        id=uuid.uuid4(),
        number=number(uow, "QUO"),
        account_id=account_id,
        currency=currency,
        created_at=now,
        updated_at=now,
        owner_id=owner_id,
        price_book_id=book_id,
        enquiry_id=enquiry_id,
        **{k: v for k, v in header.items() if k != "currency"},
    )
    quote.lines = lines
    quote.recompute()
    uow.quotes.add(quote)
    return quote


def update_quote(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    quote_id: UUID,
    changes: dict[str, Any],
    expected: int | None,
) -> Quote:
    """Change a draft quote's header and/or lines; 409 once approved or superseded."""
    access.require(principal, QUOTES, "edit")
    access.check_writable(principal, QUOTES, changes.keys())
    changes = dict(changes)
    raw_lines = changes.pop("lines", None)
    owner = changes.pop("owner_id", None)
    if "currency" in changes and changes["currency"] is None:
        changes.pop("currency")
    header = clean_header(changes)
    with uow_factory() as uow:
        quote = load_quote(uow, access, principal, quote_id, "edit")
        quote.ensure_editable()
        if "price_book_id" in changes:
            header["price_book_id"] = changes["price_book_id"]
        currency = header.get("currency", quote.currency)
        book = header.get("price_book_id", quote.price_book_id)
        lines = None
        if raw_lines is not None or "currency" in header or "price_book_id" in header:
            if raw_lines is None:
                raise invalid("lines", "send the lines again when changing currency or price book")
            lines = price_lines(resolve_lines(uow, raw_lines, currency, book), uuid.uuid4)
        if owner is not None:
            header["owner_id"] = owner
        quote.change(header, lines, now=utcnow(), expected=expected)
        uow.quotes.save(quote)
    return quote


def approve_quote(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    quote_id: UUID,
    threshold: Decimal | None,
    manager_roles: list[str],
) -> Quote:
    """Approve (role and threshold rule); emits sales.quote.approved.v1 via the outbox."""
    access.require(principal, QUOTES, "edit")
    with uow_factory() as uow:
        quote = load_quote(uow, access, principal, quote_id, "edit")
        above = threshold is not None and quote.grand_total > threshold
        may = not above or access.has_role(principal, manager_roles)
        quote.approve(
            by=principal.subject,
            now=utcnow(),
            may_approve=may,
            why_not=f"Quotes above {threshold} {quote.currency} need a manager "
            f"({', '.join(manager_roles)}) to approve.",
        )
        uow.quotes.save(quote)
    log.info("quote.approved", quote_id=str(quote_id), grand_total=str(quote.grand_total))
    return quote


def revise_quote(
    uow_factory: UowFactory, access: Access, principal: Principal, quote_id: UUID
) -> Quote:
    """A new draft version of the quote (same number); the old one is superseded."""
    access.require(principal, QUOTES, "edit")
    with uow_factory() as uow:
        quote = load_quote(uow, access, principal, quote_id, "edit")
        revision = quote.revise(
            new_id=uuid.uuid4(), line_id=uuid.uuid4, now=utcnow(), by_owner=None
        )
        uow.quotes.save(quote)
        uow.quotes.add(revision)
    return revision


def create_order(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    quote_id: UUID,
    extra: dict[str, Any],
) -> SalesOrder:
    """A sales order from an approved quote (lines and totals copied); OrderCreated."""
    access.require(principal, SALES_ORDERS, "create")
    with uow_factory() as uow:
        quote = uow.quotes.get(quote_id)
        if quote is None or not access.can_see(principal, QUOTES, quote):
            raise invalid("quote_id", "is not an existing quote")
        existing = uow.orders.for_quote(quote_id)
        if existing is not None:
            raise OrderExists(quote_id, existing)
        order = SalesOrder.from_quote(
            quote,
            id=uuid.uuid4(),
            number=number(uow, "SO"),
            now=utcnow(),
            by=principal.subject,
            line_id=uuid.uuid4,
            extra=extra,
        )
        uow.orders.add(order)
    return order


def set_order_status(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    order_id: UUID,
    status: str,
    expected: int | None,
) -> SalesOrder:
    access.require(principal, SALES_ORDERS, "edit")
    with uow_factory() as uow:
        order = uow.orders.get(order_id)
        if order is None or not access.can_see(principal, SALES_ORDERS, order):
            raise RecordNotFound("Sales order", order_id)
        access.require_on(principal, SALES_ORDERS, "edit", order)
        order.set_status(status, now=utcnow(), expected=expected)
        uow.orders.save(order)
    return order


def load_quote(
    uow: Any, access: Access, principal: Principal, quote_id: UUID, action: str
) -> Quote:
    quote = uow.quotes.get(quote_id)
    if quote is None or not access.can_see(principal, QUOTES, quote):
        raise RecordNotFound("Quote", quote_id)
    access.require_on(principal, QUOTES, action, quote)
    return quote
