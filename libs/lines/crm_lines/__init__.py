"""Document line arithmetic shared by quotes, sales orders, invoices and purchase orders.

Pure Python and Decimal, no framework: each service checks its callers' input (which fields
exist, their ranges) and asks this library for the amounts, so the same line gives the same
answer, and the same refusal, in every document.

Per line (every rounding is ROUND_HALF_UP to the currency's minor unit, ``quantum``: 0.01
for most currencies, 1 for JPY; the caller passes it):
    gross     = round(quantity x unit_price)
    discount  = round(the given discount amount), or round(gross x discount_percent / 100);
                a line with both is refused (:class:`TwoDiscounts`, 422 naming ``lines[i]``)
    net       = gross - discount     (a discount larger than the line is refused:
                                      :class:`DiscountTooLarge`, which services answer 422
                                      naming ``lines[i].discount_amount``,
                                      :func:`line_field`)
    tax       = round(net x tax_percent / 100)
    total     = net + tax
Document:
    subtotal       = sum of gross
    discount_total = sum of discount
    tax_total      = sum of tax
    grand_total    = subtotal - discount_total + tax_total + round(shipping) + round(adjustment)
Rounding per line, then summing, means the document's totals always equal the sum of what
each printed line shows.
"""

from __future__ import annotations

from crm_lines.arithmetic import (
    CENT,
    HUNDRED,
    ZERO,
    DiscountTooLarge,
    LineAmounts,
    Totals,
    TwoDiscounts,
    cents,
    document_totals,
    line_amounts,
    line_field,
    two_discounts,
)

__all__ = [
    "CENT",
    "HUNDRED",
    "ZERO",
    "DiscountTooLarge",
    "LineAmounts",
    "Totals",
    "TwoDiscounts",
    "cents",
    "document_totals",
    "line_amounts",
    "line_field",
    "two_discounts",
]
