"""Purchase orders to vendors (vtiger's dealer purchase orders), numbered PO-YYYY-NNNNNN.

Statuses: Created -> Approved -> Delivered -> Received Shipment; Created or Approved ->
Cancelled. Only a Created order may be edited.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_billing.domain.errors import (
    FieldError,
    InvalidFields,
    InvalidTransition,
    VersionMismatch,
)
from crm_billing.domain.lines import Line, Totals, check_totals, compute_totals, parse_lines
from crm_billing.domain.money import ZERO, check_currency, parse_decimal
from crm_billing.domain.values import Address, date_field, text, uuid_field

PREFIX = "PO"
CREATED = "Created"
APPROVED = "Approved"
DELIVERED = "Delivered"
RECEIVED = "Received Shipment"
CANCELLED = "Cancelled"
STATUSES = (CREATED, APPROVED, DELIVERED, RECEIVED, CANCELLED)
TRANSITIONS: dict[str, frozenset[str]] = {
    CREATED: frozenset({APPROVED, CANCELLED}),
    APPROVED: frozenset({DELIVERED, CANCELLED}),
    DELIVERED: frozenset({RECEIVED}),
    RECEIVED: frozenset(),
    CANCELLED: frozenset(),
}
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
        fields: dict[str, Any],
    ) -> PurchaseOrder:
        return cls(
            id=id,
            number=number,
            owner_id=owner_id,
            created_at=now,
            updated_at=now,
            **clean_po(fields, today),
        )

    def update(self, changes: dict[str, Any], *, now: datetime, expected_version: int | None):
        self.expect_version(expected_version)
        unknown = set(changes) - set(EDITABLE) - {"status"}
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        changes = dict(changes)
        target = changes.pop("status", None)
        changed: tuple[str, ...] = ()
        content = {k: v for k, v in changes.items() if k != "owner_id"}
        if content:
            if self.status != CREATED:
                raise InvalidTransition("purchase order", self.status, "edited")
            merged = {**self.raw_fields(), **content}
            values = clean_po(merged, self.order_date)
            changed = tuple(sorted(k for k, v in values.items() if getattr(self, k) != v))
            for k in changed:
                setattr(self, k, values[k])
        if "owner_id" in changes and changes["owner_id"] != self.owner_id:
            self.owner_id = changes["owner_id"]
            changed = (*changed, "owner_id")
        if target is not None and target != self.status:
            self._move(target)
            changed = (*changed, "status")
        if changed:
            self.version += 1
            self.updated_at = now
        return changed

    def _move(self, target: str) -> None:
        if target not in STATUSES:
            raise InvalidFields([FieldError("status", f"must be one of: {', '.join(STATUSES)}")])
        if target not in TRANSITIONS[self.status]:
            raise InvalidTransition("purchase order", self.status, target)
        self.status = target

    def raw_fields(self) -> dict[str, Any]:
        return {
            "vendor_id": self.vendor_id,
            "subject": self.subject,
            "currency": self.currency,
            "order_date": self.order_date,
            "expected_on": self.expected_on,
            "tracking_number": self.tracking_number,
            "carrier": self.carrier,
            "shipping_address": self.shipping_address.as_dict() if self.shipping_address else None,
            "lines": [line.as_dict() for line in self.lines],
            "discount_percent": self.discount_percent,
            "discount_amount": self.discount_amount,
            "shipping": self.shipping,
            "adjustment": self.adjustment,
            "description": self.description,
        }

    def expect_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)

    def snapshot(self) -> PurchaseOrder:
        return dataclasses.replace(self, events=[], lines=list(self.lines))

    @property
    def search_text(self) -> str:
        return " ".join(p.lower() for p in (self.number, self.subject, self.tracking_number) if p)


def clean_po(fields: dict[str, Any], today: date) -> dict[str, Any]:
    errors: list[FieldError] = []
    currency = check_currency("currency", fields.get("currency"), errors) or "XXX"
    values: dict[str, Any] = {
        "vendor_id": uuid_field("vendor_id", fields.get("vendor_id"), errors, required=True),
        "currency": currency,
        "subject": text(fields.get("subject"), 255),
        "tracking_number": text(fields.get("tracking_number"), 100),
        "carrier": text(fields.get("carrier"), 100),
        "description": text(fields.get("description")),
    }
    order_date = date_field("order_date", fields.get("order_date"), errors) or today
    expected = date_field("expected_on", fields.get("expected_on"), errors)
    if expected is not None and expected < order_date:
        errors.append(FieldError("expected_on", "must not be before the order date"))
    values["order_date"], values["expected_on"] = order_date, expected
    raw = fields.get("shipping_address")
    if raw is not None and not isinstance(raw, dict):
        errors.append(FieldError("shipping_address", "must be an object"))
        raw = None
    values["shipping_address"] = Address.from_dict(raw)
    lines = parse_lines(fields.get("lines"), currency, errors)
    header = {
        n: parse_decimal(n, fields.get(n) or 0, errors) or ZERO
        for n in ("discount_percent", "discount_amount", "shipping")
    }
    header["adjustment"] = (
        parse_decimal("adjustment", fields.get("adjustment") or 0, errors, minimum=None) or ZERO
    )
    totals = compute_totals(lines, currency, **header)
    if not errors:
        check_totals(totals, errors)
    if errors:
        raise InvalidFields(errors)
    values.update(header, lines=lines, totals=totals)
    return values
