"""Turn domain events into versioned integration events written to the outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crm.billing.v1 import events_pb2 as ev
from crm_billing.domain import events
from crm_chassis.events.outbox import Outbox
from crm_chassis.grpc.convert import text, timestamp

INVOICE_ISSUED = "billing.invoice.issued.v1"
INVOICE_PAID = "billing.invoice.paid.v1"
INVOICE_OVERDUE = "billing.invoice.overdue.v1"
PAYMENT_RECEIVED = "billing.payment.received.v1"


def integration_event(event: Any) -> tuple[str, str, Any] | None:
    """Return (type, subject, payload) for a domain event, or None when it is not published."""
    match event:
        case events.InvoiceIssued(invoice=i):
            payload = ev.InvoiceIssued(
                invoice_id=str(i.id),
                number=i.number,
                account_id=str(i.account_id),
                contact_id=text(i.contact_id),
                quote_id=text(i.quote_id),
                sales_order_id=text(i.sales_order_id),
                currency=i.currency,
                total=str(i.totals.total),
                invoice_date=i.invoice_date.isoformat(),
                due_date=i.due_date.isoformat(),
                owner_id=str(i.owner_id),
            )
            if i.issued_at:
                payload.issued_at.CopyFrom(timestamp(i.issued_at))
            return INVOICE_ISSUED, str(i.id), payload
        case events.InvoicePaid(invoice=i):
            payload = ev.InvoicePaid(
                invoice_id=str(i.id),
                number=i.number,
                account_id=str(i.account_id),
                currency=i.currency,
                total=str(i.totals.total),
                amount_paid=str(i.amount_paid),
                amount_credited=str(i.amount_credited),
                paid_on=text(i.settled_on),
                owner_id=str(i.owner_id),
            )
            return INVOICE_PAID, str(i.id), payload
        case events.InvoiceOverdue(invoice=i, level=level, days_overdue=days, reminded_on=on):
            payload = ev.InvoiceOverdue(
                invoice_id=str(i.id),
                number=i.number,
                account_id=str(i.account_id),
                contact_id=text(i.contact_id),
                currency=i.currency,
                balance=str(i.balance),
                due_date=i.due_date.isoformat(),
                days_overdue=days,
                level=level,
                reminded_on=on.isoformat(),
                owner_id=str(i.owner_id),
            )
            return INVOICE_OVERDUE, str(i.id), payload
        case events.PaymentReceived(payment=p):
            payload = ev.PaymentReceived(
                payment_id=str(p.id),
                number=p.number,
                account_id=str(p.account_id),
                amount=str(p.amount),
                currency=p.currency,
                method=p.method,
                reference=text(p.reference),
                client_reference=text(p.client_reference),
                received_on=p.received_on.isoformat(),
                allocations=[
                    ev.ReceivedAllocation(invoice_id=str(a.invoice_id), amount=str(a.amount))
                    for a in p.allocations
                ],
                unallocated=str(p.unallocated),
                owner_id=str(p.owner_id),
            )
            return PAYMENT_RECEIVED, str(p.id), payload
    return None


class OutboxRecorder:
    """The unit of work's event recorder: one outbox row per published domain event."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    def __call__(self, session: Session, event: Any) -> None:
        found = integration_event(event)
        if found is not None:
            type_, subject, payload = found
            self.outbox.add(session, type=type_, subject=subject, data=payload)
