"""Sales orders: an approved quote's lines and totals, copied once, then tracked by status."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import VersionMismatch
from crm_chassis.fields import Address, Checker
from crm_sales.domain import events
from crm_sales.domain.errors import InvalidState
from crm_sales.domain.lines import Line
from crm_sales.domain.picklists import ORDER_STATUSES
from crm_sales.domain.pricing import ZERO
from crm_sales.domain.quotes import APPROVED, Quote


@dataclass
class SalesOrder:
    id: UUID
    number: str
    quote_id: UUID
    quote_number: str
    account_id: UUID
    currency: str
    created_at: datetime
    updated_at: datetime
    owner_id: UUID | None = None
    status: str = "Created"
    contact_id: UUID | None = None
    opportunity_id: UUID | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    lines: list[Line] = field(default_factory=list)
    subtotal: Decimal = ZERO
    discount_total: Decimal = ZERO
    tax_total: Decimal = ZERO
    shipping: Decimal = ZERO
    adjustment: Decimal = ZERO
    grand_total: Decimal = ZERO
    payment_terms: str | None = None
    due_date: date | None = None
    recurring_frequency: str | None = None
    created_by: str | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)

    @property
    def search_text(self) -> str:
        return f"{self.number} {self.quote_number}".lower()

    @classmethod
    def from_quote(
        cls,
        quote: Quote,
        *,
        id: UUID,
        number: str,
        now: datetime,
        by: str,
        line_id: Callable[[], UUID],
        due_date: date | None = None,
        recurring_frequency: str | None = None,
    ) -> SalesOrder:
        """Copy an approved quote's lines and totals; record OrderCreated."""
        if quote.approval_status != APPROVED:
            raise InvalidState(
                f"Quote {quote.id} is not approved; only approved quotes become orders."
            )
        order = cls(
            id=id,
            number=number,
            quote_id=quote.id,
            quote_number=quote.number,
            account_id=quote.account_id,
            currency=quote.currency,
            created_at=now,
            updated_at=now,
            owner_id=quote.owner_id,
            contact_id=quote.contact_id,
            opportunity_id=quote.opportunity_id,
            billing_address=quote.billing_address,
            shipping_address=quote.shipping_address,
            lines=[replace(ln, id=line_id()) for ln in quote.lines],
            subtotal=quote.subtotal,
            discount_total=quote.discount_total,
            tax_total=quote.tax_total,
            shipping=quote.shipping,
            adjustment=quote.adjustment,
            grand_total=quote.grand_total,
            payment_terms=quote.payment_terms,
            created_by=by,
            due_date=due_date,
            recurring_frequency=recurring_frequency,
        )
        order.events.append(events.OrderCreated(order=replace(order, events=[])))
        return order

    def set_status(self, status: str, *, now: datetime, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)
        check = Checker()
        check.pick("status", status, ORDER_STATUSES)
        check.raise_if_any()
        if self.status == "Cancelled" and status != "Cancelled":
            raise InvalidState(f"Sales order {self.id} is cancelled.")
        if status != self.status:
            self.status, self.updated_at, self.version = status, now, self.version + 1
