"""Invoices from sales: one per approved quote (or sales order), whatever the redelivery;
and an account merge in contacts re-pointing billing's records.

The event's lines and totals are copied, not recomputed (sales is authoritative); the
invoice's own arithmetic must reach the quote's grand total to the cent, or the event is
refused (retried, then parked for an operator) rather than invoiced wrongly.
"""

from __future__ import annotations

import uuid

from crm_billing.domain import invoices as inv
from crm_billing.domain.commands import (
    FollowAccountDeletion,
    InvoiceSalesDocument,
    RepointMergedAccounts,
    RepointMergedContacts,
)
from crm_billing.domain.invoices import Invoice
from crm_billing.service.clock import Clock
from crm_billing.service.invoices import keep_in_sequence
from crm_billing.service.unit_of_work import UnitOfWork, UnitOfWorkFactory
from crm_chassis.logging import get_logger

log = get_logger(__name__)


def invoice_sales_document(
    cmd: InvoiceSalesDocument, *, uow: UnitOfWorkFactory, clock: Clock
) -> Invoice | None:
    """Create the invoice of a quote or order once (a known one learns its order).

    An approved quote first supersedes the invoices of its earlier versions: their drafts
    are cancelled. When one of them is already issued (owed), no second invoice is made:
    the event is consumed, the issued invoice is marked ``superseded_by_quote_id`` and a
    warning is logged; a correction is then a credit note and a manual invoice.
    """
    with uow() as tx:
        existing = tx.invoices.by_quote(cmd.quote_id) if cmd.quote_id else None
        if existing is None and cmd.sales_order_id:
            existing = tx.invoices.by_sales_order(cmd.sales_order_id)
        if existing is not None:
            if existing.status == inv.CANCELLED and existing.superseded_by_quote_id:
                # An order of a superseded quote version: never invoiced (case 1).
                log.warning(
                    "invoice.from_sales.superseded_quote",
                    invoice_id=str(existing.id),
                    order_id=str(cmd.sales_order_id) if cmd.sales_order_id else None,
                )
                return None
            if cmd.sales_order_id and existing.link_order(cmd.sales_order_id, now=clock.now()):
                tx.invoices.save(existing)
            log.info(
                "invoice.from_sales.exists",
                invoice_id=str(existing.id),
                quote_id=str(cmd.quote_id) if cmd.quote_id else None,
            )
            return existing
        if cmd.quote_id and not _supersede_earlier(tx, cmd, clock):
            return None
        today = clock.today()
        invoice = Invoice.create(
            id=uuid.uuid4(),
            number=tx.numbers.next(inv.PREFIX, today.year),
            owner_id=cmd.owner_id,
            now=clock.now(),
            today=today,
            fields=cmd.fields,
            quote_id=cmd.quote_id,
            sales_order_id=cmd.sales_order_id,
            expected_total=cmd.expected_total,
        )
        invoice.quote_number, invoice.quote_version = cmd.quote_number, cmd.quote_version
        keep_in_sequence(tx, invoice, today)
        tx.invoices.add(invoice)
    log.info(
        "invoice.from_sales.created",
        invoice_id=str(invoice.id),
        quote_id=str(cmd.quote_id) if cmd.quote_id else None,
        order_id=str(cmd.sales_order_id) if cmd.sales_order_id else None,
        total=str(invoice.totals.total),
    )
    return invoice


def _supersede_earlier(tx: UnitOfWork, cmd: InvoiceSalesDocument, clock: Clock) -> bool:
    """Cancel the drafts of the quote's earlier versions; False when none may be made.

    Earlier versions are the ids the event names, and the invoices of the same quote number
    with a lower version. A later version's invoice (a late, older approval) or an issued
    earlier one means this approval makes no invoice.
    """
    assert cmd.quote_id is not None
    label = f"{cmd.quote_number or cmd.quote_id} version {cmd.quote_version or '?'}"
    may_invoice = True
    for other in tx.invoices.of_quote_family(cmd.superseded_quote_ids, cmd.quote_number):
        if other.status == inv.CANCELLED:
            continue
        named = other.quote_id in cmd.superseded_quote_ids
        older = (other.quote_version or 0) < (cmd.quote_version or 0)
        if not (named or older):
            log.warning("invoice.from_sales.newer_version_invoiced", invoice_id=str(other.id))
            may_invoice = False
            continue
        if other.supersede(cmd.quote_id, label, now=clock.now()):
            log.info("invoice.superseded.cancelled", invoice_id=str(other.id), by=label)
        else:
            log.warning(
                "invoice.superseded.already_issued",
                invoice_id=str(other.id),
                status=other.status,
                by=label,
            )
            may_invoice = False
        tx.invoices.save(other)
    return may_invoice


def repoint_merged_accounts(
    cmd: RepointMergedAccounts, *, uow: UnitOfWorkFactory, clock: Clock
) -> int:
    """Move the merged accounts' invoices, payments and credit notes to the survivor."""
    moved = 0
    now = clock.now()
    surviving = cmd.surviving_account_id
    with uow() as tx:
        for account_id in cmd.merged_account_ids:
            if account_id == surviving:
                continue
            for invoice in tx.invoices.of_account(account_id):
                moved += invoice.reassign_account(surviving, now=now)
                tx.invoices.save(invoice)
            for payment in tx.payments.of_account(account_id):
                moved += payment.reassign_account(surviving, now=now)
                tx.payments.save(payment)
            for note in tx.credit_notes.of_account(account_id):
                moved += note.reassign_account(surviving, now=now)
                tx.credit_notes.save(note)
    log.info("account.merged.repointed", surviving=str(surviving), records=moved)
    return moved


def follow_account_deletion(
    cmd: FollowAccountDeletion, *, uow: UnitOfWorkFactory, clock: Clock
) -> int:
    """contacts deletes an account only when nothing is open here; a draft invoice made
    meanwhile (a race) is cancelled, so no open draft bills a gone customer. Issued invoices
    keep the account (what is owed stays owed, as history). Answers how many were cancelled."""
    cancelled = 0
    with uow() as tx:
        for invoice in tx.invoices.of_account(cmd.account_id):
            if invoice.status == inv.CREATED:
                invoice.transition(inv.CANCELLED, now=clock.now(), expected_version=None)
                tx.invoices.save(invoice)
                cancelled += 1
            elif invoice.is_open:
                log.warning("account.deleted.invoice_open", invoice_id=str(invoice.id))
    log.info("account.deleted.followed", account_id=str(cmd.account_id), cancelled=cancelled)
    return cancelled


def repoint_merged_contacts(
    cmd: RepointMergedContacts, *, uow: UnitOfWorkFactory, clock: Clock
) -> int:
    """Invoices naming the merged contacts now name the surviving one."""
    merged = [c for c in cmd.merged_contact_ids if c != cmd.surviving_contact_id]
    if not merged:
        return 0
    moved, now = 0, clock.now()
    with uow() as tx:
        for invoice in tx.invoices.of_contacts(merged):
            moved += invoice.reassign_contact(cmd.surviving_contact_id, now=now)
            tx.invoices.save(invoice)
    log.info("contact.merged.repointed", surviving=str(cmd.surviving_contact_id), records=moved)
    return moved
