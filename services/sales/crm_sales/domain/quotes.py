"""The quote aggregate: priced lines, totals, approval, revisions; and sales orders from it.

An approved quote never changes (409); a revision copies it into a new quote with the same
number and the next version, which goes through approval again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import Forbidden, VersionMismatch
from crm_chassis.fields import Address, Checker, search_text, text
from crm_sales.domain import events
from crm_sales.domain.errors import QuoteNotApprovable, QuoteNotEditable
from crm_sales.domain.picklists import PAYMENT_TERMS, QUOTE_STAGES
from crm_sales.domain.pricing import ZERO, LineAmounts, Totals, document_totals, line_amounts

DRAFT, APPROVED = "Draft", "Approved"
REJECTED = "Rejected"


@dataclass(frozen=True)
class LineInput:
    """A line as the caller asked for it, with the product and price the service resolved."""

    product_id: UUID
    product_code: str
    product_name: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal = Decimal(0)
    discount_amount: Decimal | None = None
    tax_class: str | None = None
    tax_percent: Decimal = Decimal(0)
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


def check_line(n: int, raw: dict[str, Any], check: Checker) -> tuple[Decimal | None, ...]:
    """Validate one requested line's numbers; return (quantity, percent, amount, tax)."""
    quantity = check.decimal(f"lines.{n}.quantity", raw.get("quantity"), positive=True)
    if raw.get("quantity") in (None, "") and quantity is None:
        check.add(f"lines.{n}.quantity", "is required")
    percent = check.decimal(
        f"lines.{n}.discount_percent",
        raw.get("discount_percent"),
        minimum=Decimal(0),
        maximum=Decimal(100),
    )
    amount = check.decimal(
        f"lines.{n}.discount_amount", raw.get("discount_amount"), minimum=Decimal(0)
    )
    if percent is not None and amount is not None and percent and amount:
        check.add(f"lines.{n}", "give a discount percent or an amount, not both")
    tax = check.decimal(
        f"lines.{n}.tax_percent", raw.get("tax_percent"), minimum=Decimal(0), maximum=Decimal(100)
    )
    price = check.decimal(f"lines.{n}.unit_price", raw.get("unit_price"), minimum=Decimal(0))
    return quantity, percent, amount, tax, price


def price_lines(inputs: list[LineInput], new_id: Any) -> list[Line]:
    lines = []
    for n, item in enumerate(inputs, start=1):
        a = line_amounts(
            item.quantity,
            item.unit_price,
            discount_percent=item.discount_percent,
            discount_amount=item.discount_amount,
            tax_percent=item.tax_percent,
        )
        lines.append(
            Line(
                id=new_id(),
                position=n,
                product_id=item.product_id,
                product_code=item.product_code,
                product_name=item.product_name,
                quantity=item.quantity,
                unit_price=item.unit_price,
                discount_percent=item.discount_percent
                if item.discount_amount is None
                else Decimal(0),
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
    return lines


def quote_search_text(
    number: str, subject: str | None, account_name: str | None, lines: list[Line]
) -> str:
    """What ``q=`` matches on a quote: number, subject, customer, product codes and names."""
    products = dict.fromkeys(p for ln in lines for p in (ln.product_code, ln.product_name))
    return search_text(number, subject, account_name, *products, separator=" ")


HEADER_TEXT = ("subject", "stage", "payment_terms", "terms_and_conditions", "currency")


@dataclass
class Quote:
    id: UUID
    number: str
    account_id: UUID
    currency: str
    created_at: datetime
    updated_at: datetime
    owner_id: UUID | None = None
    quote_version: int = 1
    previous_version_id: UUID | None = None
    subject: str | None = None
    stage: str = "Created"
    contact_id: UUID | None = None
    opportunity_id: UUID | None = None
    price_book_id: UUID | None = None
    enquiry_id: UUID | None = None
    # The customer's name as contacts had it (at creation, then from its account events):
    # kept here so ``q=`` finds quotes by customer with one indexed LIKE, no remote call.
    account_name: str | None = None
    valid_until: date | None = None
    payment_terms: str | None = None
    terms_and_conditions: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    lines: list[Line] = field(default_factory=list)
    shipping: Decimal = ZERO
    adjustment: Decimal = ZERO
    subtotal: Decimal = ZERO
    discount_total: Decimal = ZERO
    tax_total: Decimal = ZERO
    grand_total: Decimal = ZERO
    approval_status: str = DRAFT
    approved_by: str | None = None
    approved_at: datetime | None = None
    superseded: bool = False
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)

    @property
    def search_text(self) -> str:
        return quote_search_text(self.number, self.subject, self.account_name, self.lines)

    def snapshot(self) -> Quote:
        return replace(self, events=[], lines=list(self.lines))

    def recompute(self) -> None:
        t: Totals = document_totals(
            [ln.amounts for ln in self.lines], shipping=self.shipping, adjustment=self.adjustment
        )
        self.subtotal, self.discount_total, self.tax_total = (
            t.subtotal,
            t.discount_total,
            t.tax_total,
        )
        self.shipping, self.adjustment, self.grand_total = t.shipping, t.adjustment, t.grand_total

    def ensure_editable(self) -> None:
        if self.approval_status == APPROVED:
            raise QuoteNotEditable(self.id, "it is approved; make a revision instead")
        if self.superseded:
            raise QuoteNotEditable(self.id, "a newer version exists")

    def change(
        self,
        header: dict[str, Any],
        lines: list[Line] | None,
        *,
        now: datetime,
        expected: int | None,
    ) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)
        self.ensure_editable()
        for k, v in header.items():
            setattr(self, k, v)
        if lines is not None:
            self.lines = lines
        self.recompute()
        self.updated_at, self.version = now, self.version + 1

    def approve(self, *, by: str, now: datetime, may_approve: bool, why_not: str) -> None:
        """Approve; record QuoteApproved (billing raises the order/invoice from it)."""
        if self.approval_status == APPROVED:
            raise QuoteNotApprovable(self.id, "it is already approved")
        if self.stage == REJECTED:
            raise QuoteNotApprovable(self.id, "it was rejected")
        if self.superseded:
            raise QuoteNotApprovable(self.id, "a newer version exists")
        if not self.lines:
            raise QuoteNotApprovable(self.id, "it has no lines")
        if not may_approve:
            raise Forbidden(why_not)
        self.approval_status, self.approved_by, self.approved_at = APPROVED, by, now
        self.updated_at, self.version = now, self.version + 1
        self.events.append(events.QuoteApproved(quote=self.snapshot()))

    def revise(self, *, new_id: UUID, line_id: Any, now: datetime, by_owner: UUID | None) -> Quote:
        """A new draft version with the same number, lines and header; this one is superseded."""
        if self.superseded:
            raise QuoteNotEditable(self.id, "a newer version exists; revise that one")
        self.superseded = True
        self.updated_at, self.version = now, self.version + 1
        copy = replace(
            self,
            id=new_id,
            quote_version=self.quote_version + 1,
            previous_version_id=self.id,
            stage="Created",
            approval_status=DRAFT,
            approved_by=None,
            approved_at=None,
            superseded=False,
            created_at=now,
            updated_at=now,
            version=1,
            events=[],
            owner_id=by_owner or self.owner_id,
            lines=[replace(ln, id=line_id()) for ln in self.lines],
        )
        return copy


def clean_header(fields: dict[str, Any]) -> dict[str, Any]:
    check = Checker()
    values: dict[str, Any] = {k: text(fields[k]) for k in HEADER_TEXT if k in fields}
    if "stage" in values:
        values["stage"] = values["stage"] or "Created"
        check.pick("stage", values["stage"], QUOTE_STAGES)
    check.pick("payment_terms", values.get("payment_terms"), PAYMENT_TERMS)
    if "currency" in values:
        values["currency"] = check.currency("currency", values["currency"])
    for name in ("shipping", "adjustment"):
        if name in fields:
            values[name] = (
                check.decimal(
                    name, fields[name], minimum=Decimal(0) if name == "shipping" else None
                )
                or ZERO
            )
    if "valid_until" in fields:
        values["valid_until"] = check.date("valid_until", fields["valid_until"])
    for name in ("billing_address", "shipping_address"):
        if name in fields:
            values[name] = Address.of(fields[name])
    for name in ("contact_id", "opportunity_id"):
        if name in fields:
            values[name] = fields[name]
    check.raise_if_any()
    return values
