"""Quote and order arithmetic: the suite's one line rule (``crm_lines``), shared with billing.

Per line (rounded half up to the currency's minor unit): gross = quantity x unit price;
discount = the given amount, or gross x percent / 100; net = gross - discount (a discount
larger than the line is refused, 422 naming ``lines[i].discount_amount``); tax = net x tax
percent / 100; total = net + tax. The document adds the rounded line amounts, so its totals
always equal the sum of what each printed line shows. See ``libs/lines``.
"""

from __future__ import annotations

from decimal import Decimal

from crm_chassis.money import quantum
from crm_lines import (
    CENT,
    HUNDRED,
    ZERO,
    DiscountTooLarge,
    LineAmounts,
    Totals,
    cents,
    document_totals,
    line_amounts,
    line_field,
)

#: A number as a caller wrote it (a JSON number or a decimal string), checked where it is used.
Number = Decimal | str

__all__ = [
    "CENT",
    "HUNDRED",
    "ZERO",
    "DiscountTooLarge",
    "LineAmounts",
    "Number",
    "Totals",
    "cents",
    "document_totals",
    "line_amounts",
    "line_field",
    "quantum",
]
