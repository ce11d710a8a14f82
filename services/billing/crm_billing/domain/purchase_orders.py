"""Purchase orders to vendors (vtiger's dealer purchase orders), numbered PO-YYYY-NNNNNN.

Statuses: Created -> Approved -> Delivered -> Received Shipment; Created or Approved ->
Cancelled. Only a Created order may be edited.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_billing.domain.lines import (
    Line,
    LineInput,
    Totals,
    check_charges,
    check_lines,
    check_totals,
    document_totals,
)
from crm_chassis.errors import FieldError, InvalidFields, VersionMismatch
from crm_chassis.fields import Address, Checker, search_text, text
from crm_chassis.money import ZERO
from crm_chassis.states import InvalidTransition, StateMachine

PREFIX = "PO"
CREATED = "Created"
APPROVED = "Approved"
DELIVERED = "Delivered"
RECEIVED = "Received Shipment"
CANCELLED = "Cancelled"
STATUSES = (CREATED, APPROVED, DELIVERED, RECEIVED, CANCELLED)
#: The purchase order's declared machine (docs/domain.md renders it).
PO_STATUS = StateMachine(
    name="purchase order",
    initial=CREATED,
    transitions={
        CREATED: frozenset({APPROVED, CANCELLED}),
        APPROVED: frozenset({DELIVERED, CANCELLED}),
        DELIVERED: frozenset({RECEIVED}),
        RECEIVED: frozenset(),
        CANCELLED: frozenset(),
    },
)
EDITABLE = (
    "vendor_id",
    "subject",
    "currency",
    "order_date",
    "expected_on",
    "tracking_number",
    "carrier",
    "shipping_address",
    "lines",
    "discount_percent",
    "discount_amount",
    "shipping",
    "adjustment",
    "description",
    "owner_id",
)
SHORT_TEXT = 100
SUBJECT_LENGTH = 255
LONG_TEXT = 32_000


@dataclass(frozen=True)
class PurchaseOrderFields:
    """The editable fields of a purchase order, as given (absent ones None)."""

    vendor_id: UUID | None = None
    subject: str | None = None
    currency: str | None = None
    order_date: date | None = None
    expected_on: date | None = None
    tracking_number: str | None = None
    carrier: str | None = None
    shipping_address: Address | None = None
    lines: tuple[LineInput, ...] = ()
    discount_percent: Decimal | None = None
    discount_amount: Decimal | None = None
    shipping: Decimal | None = None
    adjustment: Decimal | None = None
    description: str | None = None
    owner_id: UUID | None = None


@dataclass(frozen=True)
class OrderContent:
    """Checked purchase order content with its totals (attribute names are the order's)."""

    vendor_id: UUID
    currency: str
    subject: str | None
    tracking_number: str | None
    carrier: str | None
    description: str | None
    order_date: date
    expected_on: date | None
    shipping_address: Address | None
    lines: list[Line]
    discount_percent: Decimal
    discount_amount: Decimal
    shipping: Decimal
    adjustment: Decimal
    totals: Totals


#: The purchase order attributes its content sets.
CONTENT = tuple(f.name for f in dataclasses.fields(OrderContent))


@dataclass
class PurchaseOrder:
    id: UUID
    number: str
    vendor_id: UUID
    owner_id: UUID
    currency: str
    order_date: date
    lines: list[Line]
    totals: Totals
    created_at: datetime
    updated_at: datetime
    status: str = CREATED
    subject: str | None = None
    expected_on: date | None = None
    tracking_number: str | None = None
    carrier: str | None = None
    shipping_address: Address | None = None
    discount_percent: Decimal = ZERO
    discount_amount: Decimal = ZERO
    shipping: Decimal = ZERO
    adjustment: Decimal = ZERO
    description: str | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        number: str,
        owner_id: UUID,
        now: datetime,
        today: date,
        fields: PurchaseOrderFields,
    ) -> PurchaseOrder:
        content = clean_po(fields, today)
        order = cls(
            id=id,
            number=number,
            vendor_id=content.vendor_id,
            owner_id=owner_id,
            currency=content.currency,
            order_date=content.order_date,
            lines=content.lines,
            totals=content.totals,
            created_at=now,
            updated_at=now,
        )
        order.take_on(content)
        return order

    def update(
        self,
        changes: PurchaseOrderFields,
        sent: Collection[str],
        *,
        status: str | None = None,
        now: datetime,
        expected_version: int | None,
    ) -> tuple[str, ...]:
        """Change the ``sent`` fields of a Created order, and/or move it to ``status``."""
        self.expect_version(expected_version)
        unknown = set(sent) - set(EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        changed: tuple[str, ...] = ()
        content = set(sent) - {"owner_id"}
        if content:
            if self.status != CREATED:
                raise InvalidTransition(
                    "purchase order", self.status, "edited", PO_STATUS.allowed(self.status)
                )
            changed = self._change_content(changes, content)
        owner = changes.owner_id if "owner_id" in sent else None
        if owner is not None and owner != self.owner_id:
            self.owner_id = owner
            changed = (*changed, "owner_id")
        if status is not None and status != self.status:
            self._move(status)
            changed = (*changed, "status")
        if changed:
            self.version += 1
            self.updated_at = now
        return changed

    def _change_content(self, changes: PurchaseOrderFields, names: set[str]) -> tuple[str, ...]:
        merged = dataclasses.replace(self.editable(), **{n: getattr(changes, n) for n in names})
        return self.take_on(clean_po(merged, self.order_date))

    def take_on(self, content: OrderContent) -> tuple[str, ...]:
        """Set the checked content; return the names of the attributes that changed."""
        changed = tuple(sorted(n for n in CONTENT if getattr(self, n) != getattr(content, n)))
        for name in changed:
            setattr(self, name, getattr(content, name))
        return changed

    def _move(self, target: str) -> None:
        PO_STATUS.check(self.status, target)
        self.status = target

    def editable(self) -> PurchaseOrderFields:
        """The order's editable fields as a client would send them (to merge a PATCH into)."""
        return PurchaseOrderFields(
            vendor_id=self.vendor_id,
            subject=self.subject,
            currency=self.currency,
            order_date=self.order_date,
            expected_on=self.expected_on,
            tracking_number=self.tracking_number,
            carrier=self.carrier,
            shipping_address=self.shipping_address,
            lines=tuple(line.as_input() for line in self.lines),
            discount_percent=self.discount_percent,
            discount_amount=self.discount_amount,
            shipping=self.shipping,
            adjustment=self.adjustment,
            description=self.description,
        )

    def expect_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)

    @property
    def search_text(self) -> str:
        """What a ``q=`` search matches."""
        return search_text(self.number, self.subject, self.tracking_number)


def clean_po(fields: PurchaseOrderFields, today: date) -> OrderContent:
    """Check the fields and compute the totals (422 naming every bad field)."""
    check = Checker()
    currency = check.currency("currency", fields.currency, required=True) or "XXX"
    vendor_id = check.uuid("vendor_id", fields.vendor_id, required=True)
    order_date = check.date("order_date", fields.order_date) or today
    expected = check.date("expected_on", fields.expected_on)
    if expected is not None and expected < order_date:
        check.add("expected_on", "must not be before the order date")
    lines = check_lines(fields.lines, currency, check)
    charges = check_charges(
        check,
        discount_percent=fields.discount_percent,
        discount_amount=fields.discount_amount,
        shipping=fields.shipping,
        adjustment=fields.adjustment,
    )
    totals = document_totals(lines, currency, charges)
    if not check.errors:
        check_totals(totals, check)
    check.raise_if_any()
    assert vendor_id is not None
    return OrderContent(
        vendor_id=vendor_id,
        currency=currency,
        subject=text(fields.subject, SUBJECT_LENGTH),
        tracking_number=text(fields.tracking_number, SHORT_TEXT),
        carrier=text(fields.carrier, SHORT_TEXT),
        description=text(fields.description, LONG_TEXT),
        order_date=order_date,
        expected_on=expected,
        shipping_address=Address.of(fields.shipping_address),
        lines=lines,
        discount_percent=charges.discount_percent,
        discount_amount=charges.discount_amount,
        shipping=charges.shipping,
        adjustment=charges.adjustment,
        totals=totals,
    )
