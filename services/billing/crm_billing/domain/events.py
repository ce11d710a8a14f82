"""Domain events, past tense; the outgoing adapter turns some into integration events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crm_billing.domain.invoices import Invoice
    from crm_billing.domain.payments import Payment


@dataclass(frozen=True)
class InvoiceCreated:
    invoice: Invoice


@dataclass(frozen=True)
class InvoiceChanged:
    invoice: Invoice
    changed_fields: tuple[str, ...]


@dataclass(frozen=True)
class InvoiceIssued:
    invoice: Invoice


@dataclass(frozen=True)
class InvoicePaid:
    invoice: Invoice


@dataclass(frozen=True)
class InvoiceOverdue:
    invoice: Invoice
    level: int
    days_overdue: int
    reminded_on: date


@dataclass(frozen=True)
class PaymentReceived:
    payment: Payment


@dataclass(frozen=True)
class Recorded:
    """Anything else worth remembering but not published (credit notes, POs, vendors)."""

    what: str
    record: Any
