"""Quote and order arithmetic, in Decimal, with one documented rounding rule.

Per line (every rounding is ROUND_HALF_UP to cents, 0.01):
    gross     = round(quantity x unit_price)
    discount  = the given discount amount, or round(gross x discount_percent / 100)
    net       = gross - discount                      (never below zero: discount <= gross)
    tax       = round(net x tax_percent / 100)
    total     = net + tax
Document:
    subtotal       = sum of gross
    discount_total = sum of discount
    tax_total      = sum of tax
    grand_total    = subtotal - discount_total + tax_total + shipping + adjustment
Rounding per line, then summing, means the document's totals always equal the sum of what
each printed line shows (a customer can add the lines up and get the grand total).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

#: A number as a caller wrote it (a JSON number or a decimal string), checked where it is used.
Number = Decimal | str
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


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
    discount_percent: Decimal = Decimal(0),
    discount_amount: Decimal | None = None,
    tax_percent: Decimal = Decimal(0),
) -> LineAmounts:
    """Amounts of one line; the caller has checked quantity > 0, prices and percents >= 0."""
    gross = cents(quantity * unit_price)
    if discount_amount is not None:
        discount = cents(discount_amount)
    else:
        discount = cents(gross * discount_percent / HUNDRED)
    discount = min(discount, gross)
    net = gross - discount
    tax = cents(net * tax_percent / HUNDRED)
    return LineAmounts(gross, discount, net, tax, net + tax)


def document_totals(
    lines: list[LineAmounts], *, shipping: Decimal = ZERO, adjustment: Decimal = ZERO
) -> Totals:
    subtotal = sum((line.gross for line in lines), ZERO)
    discount_total = sum((line.discount for line in lines), ZERO)
    tax_total = sum((line.tax for line in lines), ZERO)
    shipping, adjustment = cents(shipping), cents(adjustment)
    grand = subtotal - discount_total + tax_total + shipping + adjustment
    return Totals(subtotal, discount_total, tax_total, shipping, adjustment, grand)
