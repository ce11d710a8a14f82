"""Line items and document totals, shared by invoices and purchase orders.

Sales' rounding rule (protos/crm/sales/v1/events.proto, QuoteLine), so that a manual
invoice and a quote with the same lines agree to the cent:

    gross    = round(quantity x unit_price)
    discount = the given amount, or round(gross x discount_percent / 100)
    net      = gross - discount
    tax      = round(net x tax_percent / 100)

The document only adds rounded amounts:

    subtotal = sum(gross)     discount = sum(line discounts) + header discount
    tax      = sum(taxes)     total    = subtotal - discount + tax + shipping + adjustment

The header discount (a percent of the lines' net, or an amount) is billing's own, for
manual invoices; quotes carry none. A line copied from a quote carries the amounts the
quote computed; those are kept as given (sales is authoritative), so an invoice made from
a quote totals exactly what the quote did.

A line's amounts are the suite's one rule, ``crm_lines`` (shared with sales' quotes and
orders): the same line gives the same amounts everywhere, and a discount larger than its
line is refused everywhere (422 naming ``lines[i].discount_amount``). Rounding to the
currency's minor unit is the chassis's (:mod:`crm_chassis.money`); what is billing's is the
header discount and the document totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import crm_lines
from crm_chassis.fields import Checker, text
from crm_chassis.money import ZERO, quantum, round_money

MAX_LINES = 500
HUNDRED = Decimal(100)
#: Decimal places a quantity, price or percent may have (amounts are rounded per currency).
PLACES = 6
DESCRIPTION_LENGTH = 2000
UNIT_LENGTH = 50


@dataclass(frozen=True)
class LineInput:
    """One line as a client (or a quote) gives it; checked by :func:`check_lines`."""

    description: str | None
    quantity: Decimal | None
    unit_price: Decimal | None
    discount_percent: Decimal | None = None
    discount_amount: Decimal | None = None
    tax_percent: Decimal | None = None
    product_id: UUID | None = None
    unit: str | None = None
    # The amounts a quote computed; None: computed here by the rule above.
    gross: Decimal | None = None
    net: Decimal | None = None
    tax: Decimal | None = None


@dataclass(frozen=True)
class Line:
    position: int
    description: str
    quantity: Decimal
    unit_price: Decimal
    gross: Decimal
    net: Decimal
    tax: Decimal
    discount_percent: Decimal = ZERO
    discount_amount: Decimal = ZERO
    tax_percent: Decimal = ZERO
    product_id: UUID | None = None
    unit: str | None = None

    @property
    def total(self) -> Decimal:
        return self.net + self.tax

    def as_input(self) -> LineInput:
        """The line as it would be given again (its amounts kept, as a quote's are)."""
        return LineInput(
            description=self.description,
            quantity=self.quantity,
            unit_price=self.unit_price,
            discount_percent=self.discount_percent,
            discount_amount=self.discount_amount,
            tax_percent=self.tax_percent,
            product_id=self.product_id,
            unit=self.unit,
            gross=self.gross,
            net=self.net,
            tax=self.tax,
        )


def line_amounts(
    quantity: Decimal,
    unit_price: Decimal,
    currency: str,
    *,
    discount_percent: Decimal = ZERO,
    discount_amount: Decimal = ZERO,
    tax_percent: Decimal = ZERO,
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Return (gross, discount, net, tax) of one line by the suite's rule (``crm_lines``);
    raise ``crm_lines.DiscountTooLarge`` when the discount is larger than the line."""
    a = crm_lines.line_amounts(
        quantity,
        unit_price,
        discount_percent=discount_percent,
        discount_amount=discount_amount,
        tax_percent=tax_percent,
        quantum=quantum(currency),
    )
    return a.gross, a.discount, a.net, a.tax


def check_lines(
    items: Sequence[LineInput] | None, currency: str, check: Checker, *, required: bool = True
) -> list[Line]:
    """Check the lines and compute their amounts; errors name ``lines[i].field``."""
    items = list(items or ())
    if required and not items:
        check.add("lines", "at least one line is required")
    if len(items) > MAX_LINES:
        check.add("lines", f"at most {MAX_LINES} lines")
        return []
    lines = []
    for n, item in enumerate(items):
        line = _check_line(n, item, currency, check)
        if line is not None:
            lines.append(line)
    return lines


def _number(
    check: Checker,
    field: str,
    value: object,
    *,
    minimum: Decimal | None = None,
    positive: bool = False,
) -> Decimal | None:
    # Floats are refused (they lose cents): that is what giving ``places`` asks for.
    return check.decimal(field, value, minimum=minimum, positive=positive, places=PLACES)


def _check_line(n: int, item: LineInput, currency: str, check: Checker) -> Line | None:
    where = f"lines[{n}]"
    before = len(check.errors)
    description = text(item.description)
    if not description:
        check.add(f"{where}.description", "is required")
    quantity = _number(check, f"{where}.quantity", item.quantity, positive=True)
    if item.quantity is None:
        check.add(f"{where}.quantity", "is required")
    price = _number(check, f"{where}.unit_price", item.unit_price, minimum=ZERO)
    if item.unit_price is None:
        check.add(f"{where}.unit_price", "is required")
    d_pct = _number(check, f"{where}.discount_percent", item.discount_percent, minimum=ZERO)
    d_amt = _number(check, f"{where}.discount_amount", item.discount_amount, minimum=ZERO)
    t_pct = _number(check, f"{where}.tax_percent", item.tax_percent, minimum=ZERO)
    if d_pct is not None and d_pct > HUNDRED:
        check.add(f"{where}.discount_percent", "must be at most 100")
    if t_pct is not None and t_pct > HUNDRED:
        check.add(f"{where}.tax_percent", "must be at most 100")
    if crm_lines.two_discounts(d_pct, d_amt):
        check.add(where, crm_lines.TwoDiscounts.message)
    product_id = check.uuid(f"{where}.product_id", item.product_id)
    if len(check.errors) > before:
        return None
    assert quantity is not None and price is not None and description is not None
    d_pct, d_amt, t_pct = d_pct or ZERO, d_amt or ZERO, t_pct or ZERO
    try:
        computed = line_amounts(
            quantity,
            price,
            currency,
            discount_percent=d_pct,
            discount_amount=d_amt,
            tax_percent=t_pct,
        )
    except crm_lines.DiscountTooLarge as too_large:
        check.add(f"{where}.discount_amount", f"is larger than the line ({too_large.gross})")
        return None
    gross, d_amt, net, tax = _given_amounts(item, computed, where, currency, check)
    if net < 0:
        check.add(f"{where}.discount_amount", "makes the line negative")
        return None
    return Line(
        position=n + 1,
        description=description[:DESCRIPTION_LENGTH],
        quantity=quantity,
        unit_price=price,
        gross=gross,
        net=net,
        tax=tax,
        discount_percent=d_pct,
        discount_amount=d_amt,
        tax_percent=t_pct,
        product_id=product_id,
        unit=text(item.unit, UNIT_LENGTH),
    )


def _given_amounts(
    item: LineInput,
    computed: tuple[Decimal, Decimal, Decimal, Decimal],
    where: str,
    currency: str,
    check: Checker,
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """A quote's own amounts win when it says what it computed (sales is authoritative)."""
    gross, discount, net, tax = computed
    given_gross = _number(check, f"{where}.gross", item.gross)
    given_net = _number(check, f"{where}.net", item.net)
    given_tax = _number(check, f"{where}.tax", item.tax)
    if given_gross is not None:
        gross = round_money(given_gross, currency)
    if given_net is not None:
        net = round_money(given_net, currency)
        discount = gross - net
    if given_tax is not None:
        tax = round_money(given_tax, currency)
    return gross, discount, net, tax


@dataclass(frozen=True)
class Charges:
    """A document's header amounts: a discount (percent of the lines' net, or an amount),
    shipping and a signed adjustment."""

    discount_percent: Decimal = ZERO
    discount_amount: Decimal = ZERO
    shipping: Decimal = ZERO
    adjustment: Decimal = ZERO


def check_charges(
    check: Checker,
    *,
    discount_percent: Decimal | None,
    discount_amount: Decimal | None,
    shipping: Decimal | None,
    adjustment: Decimal | None,
) -> Charges:
    """Check the header amounts (absent ones are 0; only the adjustment may be negative)."""

    def amount(field: str, value: Decimal | None, minimum: Decimal | None = ZERO) -> Decimal:
        return _number(check, field, value or ZERO, minimum=minimum) or ZERO

    return Charges(
        discount_percent=amount("discount_percent", discount_percent),
        discount_amount=amount("discount_amount", discount_amount),
        shipping=amount("shipping", shipping),
        adjustment=amount("adjustment", adjustment, minimum=None),
    )


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    shipping: Decimal
    adjustment: Decimal
    total: Decimal


def compute_totals(
    lines: list[Line],
    currency: str,
    *,
    discount_percent: Decimal = ZERO,
    discount_amount: Decimal = ZERO,
    shipping: Decimal = ZERO,
    adjustment: Decimal = ZERO,
) -> Totals:
    """Add the rounded line amounts and the header charges (see the module docstring)."""
    subtotal = sum((line.gross for line in lines), ZERO)
    line_discounts = sum((line.discount_amount for line in lines), ZERO)
    net = subtotal - line_discounts
    tax = sum((line.tax for line in lines), ZERO)
    header = round_money(net * discount_percent / HUNDRED + discount_amount, currency)
    discount = line_discounts + header
    shipping = round_money(shipping, currency)
    adjustment = round_money(adjustment, currency)
    total = subtotal - discount + tax + shipping + adjustment
    return Totals(
        subtotal=round_money(subtotal, currency),
        discount=discount,
        tax=round_money(tax, currency),
        shipping=shipping,
        adjustment=adjustment,
        total=round_money(total, currency),
    )


def document_totals(lines: list[Line], currency: str, charges: Charges) -> Totals:
    """The totals of a document's lines and header charges."""
    return compute_totals(
        lines,
        currency,
        discount_percent=charges.discount_percent,
        discount_amount=charges.discount_amount,
        shipping=charges.shipping,
        adjustment=charges.adjustment,
    )


def check_totals(totals: Totals, check: Checker) -> None:
    if totals.discount > totals.subtotal:
        check.add("discount_amount", "is larger than the subtotal")
    if totals.total < 0:
        check.add("adjustment", "makes the total negative")
