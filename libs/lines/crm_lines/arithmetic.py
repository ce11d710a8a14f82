"""The line and document rules (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def cents(value: Decimal, quantum: Decimal = CENT) -> Decimal:
    """``value`` rounded half up to ``quantum`` (the currency's minor unit; cents default)."""
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def line_field(position: int, name: str) -> str:
    """How an error names a line's field: ``lines[0].discount_amount`` (0-based)."""
    return f"lines[{position}].{name}"


class DiscountTooLarge(ValueError):
    """The line's discount is larger than the line (quantity x unit price)."""

    def __init__(self, discount: Decimal, gross: Decimal) -> None:
        super().__init__(f"The discount {discount} is larger than the line ({gross}).")
        self.discount = discount
        self.gross = gross


class TwoDiscounts(ValueError):
    """A line gives both a discount percent and a discount amount (which one would count?)."""

    message = "give a discount percent or an amount, not both"

    def __init__(self) -> None:
        super().__init__(self.message)


def two_discounts(percent: Decimal | None, amount: Decimal | None) -> bool:
    """Whether a line gives both kinds of discount: refused everywhere, naming ``lines[i]``."""
    return bool(percent) and bool(amount)


@dataclass(frozen=True)
class LineAmounts:
    gross: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount_total: Decimal
    tax_total: Decimal
    shipping: Decimal
    adjustment: Decimal
    grand_total: Decimal


def line_amounts(
    quantity: Decimal,
    unit_price: Decimal,
    *,
    discount_percent: Decimal | None = None,
    discount_amount: Decimal | None = None,
    tax_percent: Decimal | None = None,
    quantum: Decimal = CENT,
) -> LineAmounts:
    """Amounts of one line. The caller has checked quantity > 0, price >= 0 and percents in
    0..100; a discount amount larger than the line raises :class:`DiscountTooLarge`.

    A line gives a discount percent or a discount amount, not both (:class:`TwoDiscounts`).
    ``quantum`` is the currency's minor unit (0.01 for EUR, 1 for JPY).
    """
    if two_discounts(discount_percent, discount_amount):
        raise TwoDiscounts()
    gross = cents(quantity * unit_price, quantum)
    if discount_amount:
        discount = cents(discount_amount, quantum)
    else:
        discount = cents(gross * (discount_percent or ZERO) / HUNDRED, quantum)
    if discount > gross:
        raise DiscountTooLarge(discount, gross)
    net = gross - discount
    tax = cents(net * (tax_percent or ZERO) / HUNDRED, quantum)
    return LineAmounts(gross, discount, net, tax, net + tax)


def document_totals(
    lines: Iterable[LineAmounts],
    *,
    shipping: Decimal = ZERO,
    adjustment: Decimal = ZERO,
    quantum: Decimal = CENT,
) -> Totals:
    """A document's totals: the sums of its lines' amounts, plus shipping and adjustment."""
    lines = list(lines)
    subtotal = sum((line.gross for line in lines), ZERO)
    discount_total = sum((line.discount for line in lines), ZERO)
    tax_total = sum((line.tax for line in lines), ZERO)
    shipping, adjustment = cents(shipping, quantum), cents(adjustment, quantum)
    grand = subtotal - discount_total + tax_total + shipping + adjustment
    return Totals(subtotal, discount_total, tax_total, shipping, adjustment, grand)
