"""Sales orders: an approved quote's lines and totals, copied once, then tracked by status."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import VersionMismatch
from crm_chassis.fields import Address
from crm_chassis.states import StateMachine
from crm_sales.domain import events
from crm_sales.domain.errors import InvalidState
from crm_sales.domain.lines import Line
from crm_sales.domain.pricing import ZERO
from crm_sales.domain.quotes import APPROVED, SUPERSEDED, Quote

CREATED, ORDER_APPROVED, DELIVERED, CANCELLED = "Created", "Approved", "Delivered", "Cancelled"

#: The sales order's status (docs/domain.md): forward only; Delivered and Cancelled are final.
ORDER_STATUS = StateMachine(
    name="sales order",
    initial=CREATED,
    transitions={
        CREATED: frozenset({ORDER_APPROVED, DELIVERED, CANCELLED}),
        ORDER_APPROVED: frozenset({DELIVERED, CANCELLED}),
        DELIVERED: frozenset(),
        CANCELLED: frozenset(),
    },
)


class OrderBilled(InvalidState):
    """An order whose invoice has money on it cannot be cancelled (credit it in billing)."""

    def __init__(self, order_id: UUID, current: str) -> None:
        allowed = [s for s in ORDER_STATUS.allowed(current) if s != CANCELLED]
        super().__init__(
            f"Sales order {order_id} cannot be cancelled: its invoice is paid or partly paid "
            "(issue a credit note in billing instead).",
            extra={"current_status": current, "allowed_next": allowed, "invoice_paid": True},
        )


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
    # billing reported money on the order's invoice (billing.payment.received/invoice.paid).
    invoice_paid: bool = False
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
        invoice_paid: bool = False,
    ) -> SalesOrder:
        """Copy an approved, current quote's lines and totals; record OrderCreated."""
        if quote.status == SUPERSEDED:
            raise InvalidState(
                f"Quote {quote.id} is superseded by a newer version; order from that one.",
                extra={"current_status": SUPERSEDED, "allowed_next": []},
            )
        if quote.status != APPROVED:
            raise InvalidState(
                f"Quote {quote.id} is not approved; only approved quotes become orders.",
                extra={"current_status": quote.status, "allowed_next": [APPROVED]},
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
            invoice_paid=invoice_paid,
        )
        order.events.append(events.OrderCreated(order=replace(order, events=[])))
        return order

    def set_status(
        self, status: str, *, now: datetime, expected: int | None, money_received: bool = False
    ) -> None:
        """Move the order forward (ORDER_STATUS); not cancelled once its invoice has money."""
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)
        if status == self.status:
            ORDER_STATUS.check_known(status)
            return
        ORDER_STATUS.check(self.status, status)
        if status == CANCELLED and (money_received or self.invoice_paid):
            raise OrderBilled(self.id, self.status)
        self.status, self.updated_at, self.version = status, now, self.version + 1
