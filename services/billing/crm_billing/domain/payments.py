"""Payments: money received from an account, allocated to one or more of its invoices.

Whatever is not allocated stays on the payment as the account's credit (an over-payment
is never refused and never lost); it can be allocated later. The invariant, checked by
property tests: ``amount == sum(allocations) + unallocated`` and no allocation exceeds the
balance the invoice had when it was made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_billing.domain import events
from crm_billing.domain.picklists import DEFAULT_METHOD, PAYMENT_METHODS
from crm_chassis.errors import FieldError, InvalidFields
from crm_chassis.fields import Checker, search_text, text
from crm_chassis.money import ZERO, check_places
from crm_chassis.states import StateMachine

PREFIX = "PAY"
REFERENCE_LENGTH = 200
LONG_TEXT = 32_000
UNALLOCATED = "Unallocated"
PARTIALLY_ALLOCATED = "Partially Allocated"
ALLOCATED = "Allocated"
#: A payment's status follows from its allocations (never set by hand); allocations only
#: grow, so the machine only moves forward. docs/domain.md renders it.
PAYMENT_STATUS = StateMachine(
    name="payment",
    initial=UNALLOCATED,
    transitions={
        UNALLOCATED: frozenset({PARTIALLY_ALLOCATED, ALLOCATED}),
        PARTIALLY_ALLOCATED: frozenset({ALLOCATED}),
        ALLOCATED: frozenset(),
    },
)


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


@dataclass(frozen=True)
class RecordedPayment:
    """A recorded payment; ``created`` False when it repeats an earlier client reference."""

    payment: Payment
    created: bool


@dataclass(frozen=True)
class PaymentFacts:
    """A payment's own fields, checked (allocations are checked against invoices later)."""

    account_id: UUID
    amount: Decimal
    currency: str
    method: str
    received_on: date
    reference: str | None = None
    client_reference: str | None = None
    notes: str | None = None


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

    @classmethod
    def receive(
        cls, facts: PaymentFacts, *, id: UUID, number: str, owner_id: UUID, now: datetime
    ) -> Payment:
        """A new payment of checked ``facts``, not yet allocated."""
        return cls(
            id=id,
            number=number,
            owner_id=owner_id,
            created_at=now,
            updated_at=now,
            account_id=facts.account_id,
            amount=facts.amount,
            currency=facts.currency,
            method=facts.method,
            received_on=facts.received_on,
            reference=facts.reference,
            client_reference=facts.client_reference,
            notes=facts.notes,
        )

    def same_facts(self, facts: PaymentFacts) -> bool:
        """Whether ``facts`` describe this payment (a harmless repeat of its reference)."""
        return (self.amount, self.currency, self.account_id) == (
            facts.amount,
            facts.currency,
            facts.account_id,
        )

    @property
    def allocated(self) -> Decimal:
        return sum((a.amount for a in self.allocations), ZERO)

    @property
    def unallocated(self) -> Decimal:
        """The account's credit held on this payment."""
        return self.amount - self.allocated

    @property
    def status(self) -> str:
        """Unallocated, Partially Allocated or Allocated: derived from the allocations."""
        if self.unallocated == 0:
            return ALLOCATED
        return PARTIALLY_ALLOCATED if self.allocations else UNALLOCATED

    def allocate(self, planned: Sequence[Allocation], *, now: datetime) -> None:
        """Add allocations (planned by :func:`plan_allocations`); never beyond the amount."""
        total = sum((a.amount for a in planned), ZERO)
        if total > self.unallocated:
            raise InvalidFields([FieldError("allocations", "exceed the unallocated amount")])
        before = self.status
        after = _status_after(self, total)
        if after != before:
            PAYMENT_STATUS.check(before, after)
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
        """Record that the payment came in (with what it was allocated to so far)."""
        self.events.append(
            events.PaymentReceived(
                payment_id=self.id,
                number=self.number,
                account_id=self.account_id,
                amount=self.amount,
                currency=self.currency,
                method=self.method,
                reference=self.reference,
                client_reference=self.client_reference,
                received_on=self.received_on,
                allocations=tuple(
                    events.AllocatedAmount(invoice_id=a.invoice_id, amount=a.amount)
                    for a in self.allocations
                ),
                unallocated=self.unallocated,
                owner_id=self.owner_id,
            )
        )

    @property
    def search_text(self) -> str:
        """What a ``q=`` search matches."""
        return search_text(self.number, self.reference, self.client_reference)


def _status_after(payment: Payment, more: Decimal) -> str:
    if payment.unallocated - more == 0:
        return ALLOCATED
    return PARTIALLY_ALLOCATED if payment.allocations or more > 0 else UNALLOCATED


def clean_payment(
    *,
    account_id: UUID | None,
    amount: Decimal | None,
    currency: str | None,
    method: str | None,
    received_on: date | None,
    reference: str | None,
    client_reference: str | None,
    notes: str | None,
    today: date,
) -> PaymentFacts:
    """Check a payment's own fields (422 naming every bad one)."""
    check = Checker()
    currency = check.currency("currency", currency, required=True)
    value = check.decimal("amount", amount, positive=True, places=6)
    if amount is None:
        check.add("amount", "is required")
    if value is not None and currency:
        check_places(check, "amount", value, currency)
    method = text(method) or DEFAULT_METHOD
    check.pick("method", method, PAYMENT_METHODS)
    received_on = check.date("received_on", received_on) or today
    if received_on > today:
        check.add("received_on", "must not be in the future")
    account = check.uuid("account_id", account_id, required=True)
    check.raise_if_any()
    assert account is not None and value is not None and currency is not None
    return PaymentFacts(
        account_id=account,
        amount=value,
        currency=currency,
        method=method,
        received_on=received_on,
        reference=text(reference, REFERENCE_LENGTH),
        client_reference=text(client_reference, REFERENCE_LENGTH),
        notes=text(notes, LONG_TEXT),
    )


def check_requested(requested: Sequence[Requested] | None, currency: str) -> None:
    """Check the allocations a client asked for (each invoice once, amounts in the currency)."""
    if requested is None:
        return
    check = Checker()
    seen: set[UUID] = set()
    for n, want in enumerate(requested):
        where = f"allocations[{n}]"
        invoice_id = check.uuid(f"{where}.invoice_id", want.invoice_id, required=True)
        amount = check.decimal(f"{where}.amount", want.amount, positive=True, places=6)
        if amount is not None:
            check_places(check, f"{where}.amount", amount, currency)
        if invoice_id in seen:
            check.add(f"{where}.invoice_id", "is named twice")
        if invoice_id is not None:
            seen.add(invoice_id)
    check.raise_if_any()


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
