"""Domain events to the versioned integration events billing publishes.

``translate`` is what the chassis's ``OutboxRecorder`` calls for each event a unit of work
collected: the integration event goes to the outbox in the same transaction as the change
(protos/crm/billing/v1/events.proto). Events it returns None for stay inside billing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crm.billing.v1 import events_pb2 as ev
from crm_billing.domain import events
from crm_chassis.events.outbox import OutgoingEvent
from crm_chassis.grpc.convert import text, timestamp

INVOICE_ISSUED = "billing.invoice.issued.v1"
INVOICE_PAID = "billing.invoice.paid.v1"
INVOICE_OVERDUE = "billing.invoice.overdue.v1"
PAYMENT_RECEIVED = "billing.payment.received.v1"
INVOICE_CANCELLED = "billing.invoice.cancelled.v1"
CREDIT_NOTE_ISSUED = "billing.credit_note.issued.v1"


def invoice_issued(e: events.InvoiceIssued) -> OutgoingEvent:
    payload = ev.InvoiceIssued(
        invoice_id=str(e.invoice_id),
        number=e.number,
        account_id=str(e.account_id),
        contact_id=text(e.contact_id),
        quote_id=text(e.quote_id),
        sales_order_id=text(e.sales_order_id),
        currency=e.currency,
        total=str(e.total),
        invoice_date=e.invoice_date.isoformat(),
        due_date=e.due_date.isoformat(),
        owner_id=str(e.owner_id),
    )
    if e.issued_at:
        payload.issued_at.CopyFrom(timestamp(e.issued_at))
    return OutgoingEvent(INVOICE_ISSUED, str(e.invoice_id), payload)


def invoice_paid(e: events.InvoicePaid) -> OutgoingEvent:
    payload = ev.InvoicePaid(
        invoice_id=str(e.invoice_id),
        number=e.number,
        account_id=str(e.account_id),
        currency=e.currency,
        total=str(e.total),
        amount_paid=str(e.amount_paid),
        amount_credited=str(e.amount_credited),
        paid_on=text(e.paid_on),
        owner_id=str(e.owner_id),
        quote_id=text(e.quote_id),
        sales_order_id=text(e.sales_order_id),
    )
    return OutgoingEvent(INVOICE_PAID, str(e.invoice_id), payload)


def invoice_cancelled(e: events.InvoiceCancelled) -> OutgoingEvent:
    payload = ev.InvoiceCancelled(
        invoice_id=str(e.invoice_id),
        number=e.number,
        account_id=str(e.account_id),
        quote_id=text(e.quote_id),
        sales_order_id=text(e.sales_order_id),
        reason=text(e.reason),
        superseded_by_quote_id=text(e.superseded_by_quote_id),
        owner_id=str(e.owner_id),
    )
    return OutgoingEvent(INVOICE_CANCELLED, str(e.invoice_id), payload)


def credit_note_issued(e: events.CreditNoteIssued) -> OutgoingEvent:
    payload = ev.CreditNoteIssued(
        credit_note_id=str(e.credit_note_id),
        number=e.number,
        invoice_id=str(e.invoice_id),
        invoice_number=e.invoice_number,
        account_id=str(e.account_id),
        currency=e.currency,
        amount=str(e.amount),
        applied=str(e.applied),
        to_credit=str(e.to_credit),
        issued_on=e.issued_on.isoformat(),
        reason=e.reason,
        owner_id=str(e.owner_id),
    )
    return OutgoingEvent(CREDIT_NOTE_ISSUED, str(e.credit_note_id), payload)


def invoice_overdue(e: events.InvoiceOverdue) -> OutgoingEvent:
    payload = ev.InvoiceOverdue(
        invoice_id=str(e.invoice_id),
        number=e.number,
        account_id=str(e.account_id),
        contact_id=text(e.contact_id),
        currency=e.currency,
        balance=str(e.balance),
        due_date=e.due_date.isoformat(),
        days_overdue=e.days_overdue,
        level=e.level,
        reminded_on=e.reminded_on.isoformat(),
        owner_id=str(e.owner_id),
    )
    return OutgoingEvent(INVOICE_OVERDUE, str(e.invoice_id), payload)


def payment_received(e: events.PaymentReceived) -> OutgoingEvent:
    payload = ev.PaymentReceived(
        payment_id=str(e.payment_id),
        number=e.number,
        account_id=str(e.account_id),
        amount=str(e.amount),
        currency=e.currency,
        method=e.method,
        reference=text(e.reference),
        client_reference=text(e.client_reference),
        received_on=e.received_on.isoformat(),
        allocations=[
            ev.ReceivedAllocation(invoice_id=str(a.invoice_id), amount=str(a.amount))
            for a in e.allocations
        ],
        unallocated=str(e.unallocated),
        owner_id=str(e.owner_id),
    )
    return OutgoingEvent(PAYMENT_RECEIVED, str(e.payment_id), payload)


PUBLISHED: dict[type, Callable[[Any], OutgoingEvent]] = {
    events.InvoiceIssued: invoice_issued,
    events.InvoicePaid: invoice_paid,
    events.InvoiceOverdue: invoice_overdue,
    events.PaymentReceived: payment_received,
    events.InvoiceCancelled: invoice_cancelled,
    events.CreditNoteIssued: credit_note_issued,
}


def translate(event: object) -> OutgoingEvent | None:
    """The integration event of a domain event, or None when it is not published."""
    build = PUBLISHED.get(type(event))
    return None if build is None else build(event)
