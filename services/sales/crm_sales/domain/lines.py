"""Document lines: what a caller asks for, checked and priced from the catalogue.

Quotes price their lines from a price book (or the product's own price); sales orders copy
an approved quote's lines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import crm_lines
from crm_chassis.fields import Checker
from crm_sales.domain.catalog import Product
from crm_sales.domain.pricing import (
    DiscountTooLarge,
    LineAmounts,
    Number,
    line_amounts,
    line_field,
    quantum,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class LineRequest:
    """A line as the caller asks for it; numbers as written (checked when priced)."""

    product_id: UUID
    quantity: Number | None
    discount_percent: Number | None = None
    discount_amount: Number | None = None
    tax_percent: Number | None = None
    unit_price: Number | None = None
    description: str | None = None


@dataclass(frozen=True)
class LineNumbers:
    """A requested line's numbers, checked (None where absent or bad)."""

    quantity: Decimal | None
    discount_percent: Decimal | None
    discount_amount: Decimal | None
    tax_percent: Decimal | None
    unit_price: Decimal | None


@dataclass(frozen=True)
class LineInput:
    """A line as the caller asked for it, with the product and price the service resolved."""

    product_id: UUID
    product_code: str
    product_name: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal = ZERO
    discount_amount: Decimal | None = None
    tax_class: str | None = None
    tax_percent: Decimal = ZERO
    usage_unit: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Line:
    id: UUID
    position: int
    product_id: UUID
    product_code: str
    product_name: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    discount_amount: Decimal
    tax_class: str | None
    tax_percent: Decimal
    gross_total: Decimal
    net_total: Decimal
    tax_amount: Decimal
    total: Decimal
    usage_unit: str | None = None
    description: str | None = None

    @property
    def amounts(self) -> LineAmounts:
        return LineAmounts(
            self.gross_total, self.discount_amount, self.net_total, self.tax_amount, self.total
        )


def check_line(n: int, line: LineRequest, check: Checker) -> LineNumbers:
    """Check one requested line's numbers (errors name ``lines[<n>].<field>``, as billing's)."""
    quantity = check.decimal(line_field(n, "quantity"), line.quantity, positive=True)
    if line.quantity in (None, "") and quantity is None:
        check.add(line_field(n, "quantity"), "is required")
    percent = check.decimal(
        line_field(n, "discount_percent"), line.discount_percent, minimum=ZERO, maximum=HUNDRED
    )
    amount = check.decimal(line_field(n, "discount_amount"), line.discount_amount, minimum=ZERO)
    if crm_lines.two_discounts(percent, amount):
        check.add(f"lines[{n}]", crm_lines.TwoDiscounts.message)
    tax = check.decimal(
        line_field(n, "tax_percent"), line.tax_percent, minimum=ZERO, maximum=HUNDRED
    )
    price = check.decimal(line_field(n, "unit_price"), line.unit_price, minimum=ZERO)
    return LineNumbers(quantity, percent, amount, tax, price)


def line_inputs(
    requested: Sequence[LineRequest],
    products: Mapping[UUID, Product],
    currency: str,
    book_prices: Mapping[UUID, Decimal] | None,
) -> list[LineInput]:
    """Check the requested lines and price them; raise InvalidFields naming every bad one.

    A line's price is the one the caller gave, else the price book's (``book_prices``, when
    the quote has a book), else the product's own price in the quote's currency.
    """
    check = Checker()
    inputs = []
    for n, line in enumerate(requested):
        numbers = check_line(n, line, check)
        product = _sellable(check, n, products.get(line.product_id))
        if product is None:
            continue
        price = numbers.unit_price
        if price is None:
            price = _list_price(check, n, product, currency, book_prices)
        if price is None or numbers.quantity is None:
            continue
        inputs.append(
            LineInput(
                product_id=product.id,
                product_code=product.code,
                product_name=product.name,
                quantity=numbers.quantity,
                unit_price=price,
                discount_percent=numbers.discount_percent or ZERO,
                discount_amount=numbers.discount_amount or None,
                tax_class=product.tax_class,
                tax_percent=product.tax_percent
                if numbers.tax_percent is None
                else numbers.tax_percent,
                usage_unit=product.usage_unit,
                description=line.description,
            )
        )
    if not requested:
        check.add("lines", "at least one line")
    check.raise_if_any()
    return inputs


def _sellable(check: Checker, n: int, product: Product | None) -> Product | None:
    if product is None:
        check.add(line_field(n, "product_id"), "is not an existing product")
    elif not product.active:
        check.add(line_field(n, "product_id"), "is not an active product")
    else:
        return product
    return None


def _list_price(
    check: Checker,
    n: int,
    product: Product,
    currency: str,
    book_prices: Mapping[UUID, Decimal] | None,
) -> Decimal | None:
    if book_prices is not None:
        if product.id not in book_prices:
            check.add(line_field(n, "product_id"), "has no price in the price book")
            return None
        return book_prices[product.id]
    if product.currency != currency:
        check.add(
            line_field(n, "product_id"),
            f"is priced in {product.currency}, the quote is in {currency}",
        )
        return None
    return product.unit_price


def price_lines(
    inputs: Sequence[LineInput], new_id: Callable[[], UUID], currency: str = "EUR"
) -> list[Line]:
    """Number the lines and compute their amounts (``crm_lines``, the suite's one rule);
    a discount larger than its line is 422 naming ``lines[i].discount_amount``."""
    check = Checker()
    lines = []
    for n, item in enumerate(inputs, start=1):
        # A discount given as an amount is the line's discount: its percent is then 0.
        percent = ZERO if item.discount_amount is not None else item.discount_percent
        try:
            a = line_amounts(
                item.quantity,
                item.unit_price,
                discount_percent=item.discount_percent,
                discount_amount=item.discount_amount,
                tax_percent=item.tax_percent,
                quantum=quantum(currency),
            )
        except DiscountTooLarge as too_large:
            check.add(
                line_field(n - 1, "discount_amount"), f"is larger than the line ({too_large.gross})"
            )
            continue
        lines.append(
            Line(
                id=new_id(),
                position=n,
                product_id=item.product_id,
                product_code=item.product_code,
                product_name=item.product_name,
                quantity=item.quantity,
                unit_price=item.unit_price,
                discount_percent=percent,
                discount_amount=a.discount,
                tax_class=item.tax_class,
                tax_percent=item.tax_percent,
                gross_total=a.gross,
                net_total=a.net,
                tax_amount=a.tax,
                total=a.total,
                usage_unit=item.usage_unit,
                description=item.description,
            )
        )
    check.raise_if_any()
    return lines
