"""Invoices from sales: one per approved quote (or sales order), whatever the redelivery.

The event's lines and totals are copied, not recomputed (sales is authoritative); the
invoice's own arithmetic must reach the quote's grand total to the cent, or the event is
refused (retried, then parked for an operator) rather than invoiced wrongly.
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from crm_billing.domain import invoices as inv
from crm_billing.domain.invoices import Invoice
from crm_billing.service.clock import Clock
from crm_chassis.logging import get_logger

log = get_logger(__name__)


def invoice_from_sales(
    uow: Any, clock: Clock, fields: dict[str, Any], *, owner_id: UUID
) -> tuple[Invoice, bool]:
    """Create the invoice of a quote or order once; return (invoice, created)."""
    quote_id, order_id = fields.get("quote_id"), fields.get("sales_order_id")
    existing = uow.invoices.by_quote(UUID(str(quote_id))) if quote_id else None
    if existing is None and order_id:
        existing = uow.invoices.by_sales_order(UUID(str(order_id)))
    if existing is not None:
        if order_id and existing.sales_order_id is None:
            # The quote's invoice learns its order; no second invoice.
            existing.sales_order_id = UUID(str(order_id))
            existing.version += 1
            existing.updated_at = clock.now()
            uow.invoices.save(existing)
        log.info("invoice.from_sales.exists", invoice_id=str(existing.id), quote_id=quote_id)
        return existing, False
    today = clock.today()
    inv.clean(fields, today)
    invoice = Invoice.create(
        id=uuid.uuid4(),
        number=uow.numbers.next(inv.PREFIX, today.year),
        owner_id=owner_id,
        now=clock.now(),
        today=today,
        fields=fields,
    )
    uow.invoices.add(invoice)
    log.info(
        "invoice.from_sales.created",
        invoice_id=str(invoice.id),
        quote_id=quote_id,
        order_id=order_id,
        total=str(invoice.totals.total),
    )
    return invoice, True


def repoint_account(uow: Any, clock: Clock, merged: list[UUID], surviving: UUID) -> int:
    """Move the merged accounts' invoices, payments and credit notes to the survivor."""
    moved = 0
    now = clock.now()
    for account_id in merged:
        if account_id == surviving:
            continue
        for invoice in uow.invoices.of_account(account_id):
            moved += invoice.reassign_account(surviving, now=now)
            uow.invoices.save(invoice)
        for payment in uow.payments.of_account(account_id):
            moved += payment.reassign_account(surviving, now=now)
            uow.payments.save(payment)
        for note in uow.credit_notes.of_account(account_id):
            moved += note.reassign_account(surviving, now=now)
            uow.credit_notes.save(note)
    log.info("account.merged.repointed", surviving=str(surviving), records=moved)
    return moved
