"""The quote aggregate: priced lines, totals, approval, revisions.

An approved quote never changes (409); a revision copies it into a new quote with the same
number and the next version, which goes through approval again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import Forbidden, VersionMismatch
from crm_chassis.fields import Address, Checker, search_text, text
from crm_sales.domain import events
from crm_sales.domain.errors import QuoteNotApprovable, QuoteNotEditable
from crm_sales.domain.lines import Line
from crm_sales.domain.picklists import PAYMENT_TERMS, QUOTE_STAGES
from crm_sales.domain.pricing import ZERO, Number, Totals, document_totals

DRAFT, APPROVED = "Draft", "Approved"
REJECTED = "Rejected"


HEADER_TEXT = ("subject", "stage", "payment_terms", "terms_and_conditions", "currency")
ZERO_AMOUNT = Decimal(0)


@dataclass(frozen=True)
class QuoteFields:
    """A quote's header as a caller gives it (checked by :func:`check_quote_fields`)."""

    subject: str | None = None
    stage: str | None = None
    contact_id: UUID | None = None
    opportunity_id: UUID | None = None
    price_book_id: UUID | None = None
    currency: str | None = None
    valid_until: date | None = None
    payment_terms: str | None = None
    terms_and_conditions: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    shipping: Number | None = None
    adjustment: Number | None = None
    owner_id: UUID | None = None


QUOTE_FIELDS = frozenset(f.name for f in fields(QuoteFields))


@dataclass(frozen=True)
class QuoteApproval:
    """Who may approve a quote: above ``threshold`` (its grand total) only a manager."""

    threshold: Decimal | None = None
    manager_roles: tuple[str, ...] = ("admin", "sales_manager")

    def needs_manager(self, quote: Quote) -> bool:
        return self.threshold is not None and quote.grand_total > self.threshold

    def refusal(self, quote: Quote) -> str:
        return (
            f"Quotes above {self.threshold} {quote.currency} need a manager "
            f"({', '.join(self.manager_roles)}) to approve."
        )


def quote_search_text(
    number: str, subject: str | None, account_name: str | None, lines: list[Line]
) -> str:
    """What ``q=`` matches on a quote: number, subject, customer, product codes and names."""
    products = dict.fromkeys(p for ln in lines for p in (ln.product_code, ln.product_name))
    return search_text(number, subject, account_name, *products, separator=" ")


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

    def take(self, fields: QuoteFields, names: Collection[str]) -> None:
        """Set the ``names`` header fields from checked fields."""
        for name in names:
            if name in QUOTE_FIELDS:
                setattr(self, name, getattr(fields, name))

    def change(
        self,
        fields: QuoteFields,
        names: Collection[str],
        lines: list[Line] | None,
        *,
        now: datetime,
        expected: int | None,
    ) -> None:
        """Change a draft's header fields ``names`` and/or its lines; totals follow."""
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)
        self.ensure_editable()
        self.take(fields, names)
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

    def revise(
        self, *, new_id: UUID, line_id: Callable[[], UUID], now: datetime, by_owner: UUID | None
    ) -> Quote:
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


def check_quote_fields(given: QuoteFields, names: Collection[str]) -> QuoteFields:
    """Check and normalise the header fields ``names``; raise InvalidFields if bad."""
    check = Checker()
    texts = {k: text(getattr(given, k)) for k in HEADER_TEXT}
    if "stage" in names:
        texts["stage"] = check.pick("stage", texts["stage"] or "Created", QUOTE_STAGES)
    check.pick("payment_terms", texts["payment_terms"], PAYMENT_TERMS)
    texts["currency"] = check.currency("currency", texts["currency"])
    shipping = check.decimal("shipping", given.shipping, minimum=ZERO_AMOUNT)
    adjustment = check.decimal("adjustment", given.adjustment)
    check.raise_if_any()
    return replace(
        given,
        **texts,
        shipping=shipping or ZERO,
        adjustment=adjustment or ZERO,
        billing_address=Address.of(given.billing_address),
        shipping_address=Address.of(given.shipping_address),
    )
