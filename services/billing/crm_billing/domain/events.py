"""Domain events, past tense: what aggregates record; ``events/outgoing.py`` publishes some.

Each carries the facts of the moment it was recorded (not the aggregate, which moves on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID


@dataclass(frozen=True)
class InvoiceCreated:
    invoice_id: UUID
    number: str


@dataclass(frozen=True)
class InvoiceChanged:
    invoice_id: UUID
    changed_fields: tuple[str, ...]


@dataclass(frozen=True)
class InvoiceIssued:
    invoice_id: UUID
    number: str
    account_id: UUID
    contact_id: UUID | None
    quote_id: UUID | None
    sales_order_id: UUID | None
    currency: str
    total: Decimal
    invoice_date: date
    due_date: date
    owner_id: UUID
    issued_at: datetime | None


@dataclass(frozen=True)
class InvoiceCancelled:
    invoice_id: UUID
    number: str
    account_id: UUID
    quote_id: UUID | None
    sales_order_id: UUID | None
    reason: str | None
    superseded_by_quote_id: UUID | None
    owner_id: UUID


@dataclass(frozen=True)
class InvoicePaid:
    invoice_id: UUID
    number: str
    account_id: UUID
    currency: str
    total: Decimal
    amount_paid: Decimal
    amount_credited: Decimal
    paid_on: date | None
    owner_id: UUID
    quote_id: UUID | None = None
    sales_order_id: UUID | None = None


@dataclass(frozen=True)
class InvoiceOverdue:
    invoice_id: UUID
    number: str
    account_id: UUID
    contact_id: UUID | None
    currency: str
    balance: Decimal
    due_date: date
    days_overdue: int
    level: int
    reminded_on: date
    owner_id: UUID


@dataclass(frozen=True)
class AllocatedAmount:
    """Part of a received payment that went to one invoice."""

    invoice_id: UUID
    amount: Decimal


@dataclass(frozen=True)
class PaymentReceived:
    payment_id: UUID
    number: str
    account_id: UUID
    amount: Decimal
    currency: str
    method: str
    reference: str | None
    client_reference: str | None
    received_on: date
    allocations: tuple[AllocatedAmount, ...]
    unallocated: Decimal
    owner_id: UUID


@dataclass(frozen=True)
class CreditNoteIssued:
    credit_note_id: UUID
    number: str
    invoice_id: UUID
    invoice_number: str
    account_id: UUID
    currency: str
    amount: Decimal
    applied: Decimal
    to_credit: Decimal
    issued_on: date
    reason: str
    owner_id: UUID
