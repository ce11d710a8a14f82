"""What an invoice records (the facts of the moment), built from the invoice."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from crm_billing.domain import events

if TYPE_CHECKING:
    from crm_billing.domain.invoices import Invoice


def issued(invoice: Invoice) -> events.InvoiceIssued:
    return events.InvoiceIssued(
        invoice_id=invoice.id,
        number=invoice.number,
        account_id=invoice.account_id,
        contact_id=invoice.contact_id,
        quote_id=invoice.quote_id,
        sales_order_id=invoice.sales_order_id,
        currency=invoice.currency,
        total=invoice.totals.total,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        owner_id=invoice.owner_id,
        issued_at=invoice.issued_at,
    )


def paid(invoice: Invoice) -> events.InvoicePaid:
    return events.InvoicePaid(
        invoice_id=invoice.id,
        number=invoice.number,
        account_id=invoice.account_id,
        currency=invoice.currency,
        total=invoice.totals.total,
        amount_paid=invoice.amount_paid,
        amount_credited=invoice.amount_credited,
        paid_on=invoice.settled_on,
        owner_id=invoice.owner_id,
        quote_id=invoice.quote_id,
        sales_order_id=invoice.sales_order_id,
    )


def cancelled(invoice: Invoice) -> events.InvoiceCancelled:
    return events.InvoiceCancelled(
        invoice_id=invoice.id,
        number=invoice.number,
        account_id=invoice.account_id,
        quote_id=invoice.quote_id,
        sales_order_id=invoice.sales_order_id,
        reason=invoice.status_reason,
        superseded_by_quote_id=invoice.superseded_by_quote_id,
        owner_id=invoice.owner_id,
    )


def overdue(invoice: Invoice, today: date, level: int) -> events.InvoiceOverdue:
    return events.InvoiceOverdue(
        invoice_id=invoice.id,
        number=invoice.number,
        account_id=invoice.account_id,
        contact_id=invoice.contact_id,
        currency=invoice.currency,
        balance=invoice.balance,
        due_date=invoice.due_date,
        days_overdue=(today - invoice.due_date).days,
        level=level,
        reminded_on=today,
        owner_id=invoice.owner_id,
    )
