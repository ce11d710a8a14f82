"""Payments: money received from an account, allocated to one or more of its invoices.

Whatever is not allocated stays on the payment as the account's credit (an over-payment
is never refused and never lost); it can be allocated later. The invariant, checked by
property tests: ``amount == sum(allocations) + unallocated`` and no allocation exceeds the
balance the invoice had when it was made.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_billing.domain import events
from crm_billing.domain.errors import FieldError, InvalidFields
from crm_billing.domain.money import (
    ZERO,
    check_amount_places,
    check_currency,
    parse_decimal,
)
from crm_billing.domain.values import check_pick, date_field, text, uuid_field

METHODS = ("Bank Transfer", "Cash", "Cheque", "Credit Card", "Direct Debit", "Other")
PREFIX = "PAY"


@dataclass(frozen=True)
class Allocation:
    invoice_id: UUID
    amount: Decimal
    allocated_on: date


@dataclass(frozen=True)
class Requested:
    """An allocation the client asked for; ``amount`` None means "as much as fits"."""

    invoice_id: UUID
    amount: Decimal | None = None


@dataclass
class Payment:
    id: UUID
    number: str
    owner_id: UUID
    account_id: UUID
    amount: Decimal
    currency: str
    method: str
    received_on: date
    created_at: datetime
    updated_at: datetime
    reference: str | None = None
    client_reference: str | None = None
    notes: str | None = None
    allocations: list[Allocation] = field(default_factory=list)
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)

    @property
    def allocated(self) -> Decimal:
        return sum((a.amount for a in self.allocations), ZERO)

    @property
    def unallocated(self) -> Decimal:
        """The account's credit held on this payment."""
        return self.amount - self.allocated

    def allocate(self, planned: Sequence[Allocation], *, now: datetime) -> None:
        """Add allocations (planned by :func:`plan_allocations`); never beyond the amount."""
        total = sum((a.amount for a in planned), ZERO)
        if total > self.unallocated:
            raise InvalidFields([FieldError("allocations", "exceed the unallocated amount")])
        self.allocations.extend(planned)
        if planned:
            self.version += 1
            self.updated_at = now

    def reassign_account(self, account_id: UUID, *, now: datetime) -> bool:
        if self.account_id == account_id:
            return False
        self.account_id = account_id
        self.version += 1
        self.updated_at = now
        return True

    def received(self) -> None:
        self.events.append(events.PaymentReceived(self.snapshot()))

    def snapshot(self) -> Payment:
        return dataclasses.replace(self, events=[], allocations=list(self.allocations))

    @property
    def search_text(self) -> str:
        return " ".join(
            p.lower() for p in (self.number, self.reference, self.client_reference) if p
        )


def clean_payment(fields: dict[str, Any], today: date) -> dict[str, Any]:
    """Validate a payment's own fields (allocations are checked against invoices later)."""
    errors: list[FieldError] = []
    currency = check_currency("currency", fields.get("currency"), errors)
    amount = parse_decimal("amount", fields.get("amount"), errors, positive=True)
    if fields.get("amount") is None:
        errors.append(FieldError("amount", "is required"))
    if amount is not None and currency:
        check_amount_places("amount", amount, currency, errors)
    method = text(fields.get("method")) or "Bank Transfer"
    check_pick("method", method, METHODS, errors)
    received_on = date_field("received_on", fields.get("received_on"), errors) or today
    if received_on > today:
        errors.append(FieldError("received_on", "must not be in the future"))
    values = {
        "account_id": uuid_field("account_id", fields.get("account_id"), errors, required=True),
        "amount": amount,
        "currency": currency,
        "method": method,
        "received_on": received_on,
        "reference": text(fields.get("reference"), 200),
        "client_reference": text(fields.get("client_reference"), 200),
        "notes": text(fields.get("notes")),
    }
    if errors:
        raise InvalidFields(errors)
    return values


def parse_requested(raw: Any, currency: str) -> list[Requested] | None:
    """Parse ``allocations: [{invoice_id, amount?}]``; None when the client sent none."""
    if raw is None:
        return None
    errors: list[FieldError] = []
    out: list[Requested] = []
    seen: set[UUID] = set()
    for n, item in enumerate(raw):
        where = f"allocations[{n}]"
        invoice_id = uuid_field(
            f"{where}.invoice_id", item.get("invoice_id"), errors, required=True
        )
        amount = parse_decimal(f"{where}.amount", item.get("amount"), errors, positive=True)
        if amount is not None:
            check_amount_places(f"{where}.amount", amount, currency, errors)
        if invoice_id in seen:
            errors.append(FieldError(f"{where}.invoice_id", "is named twice"))
        if invoice_id is not None:
            seen.add(invoice_id)
            out.append(Requested(invoice_id, amount))
    if errors:
        raise InvalidFields(errors)
    return out


def plan_allocations(
    available: Decimal,
    balances: Mapping[UUID, Decimal],
    requested: Sequence[Requested] | None,
    *,
    on: date,
) -> list[Allocation]:
    """Decide how much of ``available`` goes to which open invoice.

    ``balances`` holds the open balance of each invoice that may take money, in the order
    automatic allocation fills them (oldest due date first). Without ``requested``, money
    fills them in that order; with it, each named invoice gets its amount (or as much as
    fits). What is left is the account's credit. Asking for more than an invoice's balance
    or than the payment holds is refused (422), never silently trimmed.
    """
    errors: list[FieldError] = []
    remaining = available
    planned: list[Allocation] = []
    if requested is None:
        for invoice_id, balance in balances.items():
            if remaining <= 0:
                break
            take = min(remaining, balance)
            if take > 0:
                planned.append(Allocation(invoice_id, take, on))
                remaining -= take
        return planned
    for n, want in enumerate(requested):
        balance = balances.get(want.invoice_id)
        where = f"allocations[{n}]"
        if balance is None:
            errors.append(
                FieldError(
                    f"{where}.invoice_id", "is not an open invoice of this account in this currency"
                )
            )
            continue
        take = min(remaining, balance) if want.amount is None else want.amount
        if want.amount is not None and want.amount > balance:
            errors.append(
                FieldError(f"{where}.amount", f"exceeds the invoice's balance ({balance})")
            )
            continue
        if take > remaining:
            errors.append(FieldError(f"{where}.amount", "exceeds what is left of the payment"))
            continue
        if take > 0:
            planned.append(Allocation(want.invoice_id, take, on))
            remaining -= take
    if errors:
        raise InvalidFields(errors)
    return planned
