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
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_billing.domain.errors import FieldError, InvalidFields
from crm_billing.domain.money import ZERO, parse_decimal, round_money

MAX_LINES = 500
HUNDRED = Decimal(100)


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "product_id": str(self.product_id) if self.product_id else None,
            "description": self.description,
            "unit": self.unit,
            "quantity": str(self.quantity),
            "unit_price": str(self.unit_price),
            "discount_percent": str(self.discount_percent),
            "discount_amount": str(self.discount_amount),
            "tax_percent": str(self.tax_percent),
            "gross": str(self.gross),
            "net": str(self.net),
            "tax": str(self.tax),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Line:
        """Rebuild a stored line (no validation: it was valid when written)."""
        return cls(
            position=int(data["position"]),
            description=data["description"],
            unit=data.get("unit"),
            product_id=UUID(data["product_id"]) if data.get("product_id") else None,
            quantity=Decimal(data["quantity"]),
            unit_price=Decimal(data["unit_price"]),
            discount_percent=Decimal(data.get("discount_percent") or 0),
            discount_amount=Decimal(data.get("discount_amount") or 0),
            tax_percent=Decimal(data.get("tax_percent") or 0),
            gross=Decimal(data["gross"]),
            net=Decimal(data["net"]),
            tax=Decimal(data["tax"]),
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
    """Return (gross, discount, net, tax) of one line by sales' rounding rule."""
    gross = round_money(quantity * unit_price, currency)
    if discount_amount:
        discount = round_money(discount_amount, currency)
    else:
        discount = round_money(gross * discount_percent / HUNDRED, currency)
    net = gross - discount
    tax = round_money(net * tax_percent / HUNDRED, currency)
    return gross, discount, net, tax


def parse_lines(raw: Any, currency: str, errors: list[FieldError], *, required: bool = True):
    """Validate raw line dicts and compute their amounts; errors name ``lines[i].field``."""
    items = list(raw or [])
    if required and not items:
        errors.append(FieldError("lines", "at least one line is required"))
    if len(items) > MAX_LINES:
        errors.append(FieldError("lines", f"at most {MAX_LINES} lines"))
        return []
    lines: list[Line] = []
    for n, item in enumerate(items):
        where = f"lines[{n}]"
        if not isinstance(item, dict):
            errors.append(FieldError(where, "must be an object"))
            continue
        before = len(errors)
        description = str(item.get("description") or "").strip()
        if not description:
            errors.append(FieldError(f"{where}.description", "is required"))
        quantity = parse_decimal(f"{where}.quantity", item.get("quantity"), errors, positive=True)
        if item.get("quantity") is None:
            errors.append(FieldError(f"{where}.quantity", "is required"))
        price = parse_decimal(f"{where}.unit_price", item.get("unit_price"), errors)
        if item.get("unit_price") is None:
            errors.append(FieldError(f"{where}.unit_price", "is required"))
        d_pct = parse_decimal(f"{where}.discount_percent", item.get("discount_percent", 0), errors)
        d_amt = parse_decimal(f"{where}.discount_amount", item.get("discount_amount", 0), errors)
        t_pct = parse_decimal(f"{where}.tax_percent", item.get("tax_percent", 0), errors)
        if d_pct is not None and d_pct > HUNDRED:
            errors.append(FieldError(f"{where}.discount_percent", "must be at most 100"))
        if t_pct is not None and t_pct > HUNDRED:
            errors.append(FieldError(f"{where}.tax_percent", "must be at most 100"))
        product_id = _uuid(f"{where}.product_id", item.get("product_id"), errors)
        if len(errors) > before:
            continue
        assert quantity is not None and price is not None
        d_pct, d_amt, t_pct = d_pct or ZERO, d_amt or ZERO, t_pct or ZERO
        gross, d_amt, net, tax = line_amounts(
            quantity,
            price,
            currency,
            discount_percent=d_pct,
            discount_amount=d_amt,
            tax_percent=t_pct,
        )
        # A quote's own amounts win when it says what it computed (sales is authoritative).
        given = {
            k: parse_decimal(f"{where}.{k}", item.get(k), errors, minimum=None)
            for k in ("gross", "net", "tax")
        }
        if given["gross"] is not None:
            gross = round_money(given["gross"], currency)
        if given["net"] is not None:
            net = round_money(given["net"], currency)
            d_amt = gross - net
        if given["tax"] is not None:
            tax = round_money(given["tax"], currency)
        if net < 0:
            errors.append(FieldError(f"{where}.discount_amount", "makes the line negative"))
            continue
        lines.append(
            Line(
                position=n + 1,
                description=description[:2000],
                quantity=quantity,
                unit_price=price,
                gross=gross,
                net=net,
                tax=tax,
                discount_percent=d_pct,
                discount_amount=d_amt,
                tax_percent=t_pct,
                product_id=product_id,
                unit=(str(item["unit"]).strip()[:50] or None) if item.get("unit") else None,
            )
        )
    return lines


def _uuid(field: str, raw: Any, errors: list[FieldError]) -> UUID | None:
    if raw in (None, ""):
        return None
    try:
        return raw if isinstance(raw, UUID) else UUID(str(raw))
    except ValueError:
        errors.append(FieldError(field, "must be a UUID"))
        return None


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    shipping: Decimal
    adjustment: Decimal
    total: Decimal

    def as_dict(self) -> dict[str, str]:
        return {
            k: str(getattr(self, k))
            for k in ("subtotal", "discount", "tax", "shipping", "adjustment", "total")
        }


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


def check_totals(totals: Totals, errors: list[FieldError]) -> None:
    if totals.discount > totals.subtotal:
        errors.append(FieldError("discount_amount", "is larger than the subtotal"))
    if totals.total < 0:
        errors.append(FieldError("adjustment", "makes the total negative"))


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidFields(errors)
