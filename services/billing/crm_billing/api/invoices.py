"""Invoice routes: parse, call one use case or query, map the result."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_billing.api import request_bodies as parse
from crm_billing.api.response_bodies import invoice_out
from crm_billing.api.schemas import (
    InvoiceCreate,
    InvoiceListQuery,
    InvoiceOut,
    InvoicePatch,
    ReminderOut,
)
from crm_billing.bootstrap import Billing
from crm_billing.domain import invoices as inv
from crm_billing.domain.commands import ChangeInvoiceStatus, CreateInvoice, UpdateInvoice
from crm_billing.domain.invoices import Invoice
from crm_billing.service.access import INVOICES
from crm_chassis import context
from crm_chassis.http import Blueprint, File, FileReply, Page, Reply, if_match, service

BASE = "/api/billing/v1/invoices"
FILTERS = (
    "account_id",
    "contact_id",
    "quote_id",
    "sales_order_id",
    "owner_id",
    "status",
    "currency",
    "dunning_level",
)
VIEW, EDIT = (INVOICES, "view"), (INVOICES, "edit")

bp = Blueprint("invoices")


def _shown(invoice: Invoice) -> dict[str, Any]:
    """The invoice's body without the fields the caller may not see."""
    fields = service(Billing).access.fields(context.principal(), INVOICES)
    return fields.redact(invoice_out(invoice))


def _answer(invoice: Invoice, *, created: bool = False) -> Reply:
    location = f"{BASE}/{invoice.id}" if created else None
    return Reply(_shown(invoice), location=location, etag=invoice.version)


@bp.post(
    "/invoices",
    body=InvoiceCreate,
    response=InvoiceOut,
    status=201,
    permission=(INVOICES, "create"),
)
def create_invoice(body: InvoiceCreate) -> Reply:
    """Create a draft invoice."""
    command = CreateInvoice(
        fields=parse.invoice_fields(body),
        quote_id=body.quote_id,
        sales_order_id=body.sales_order_id,
        token=context.caller_token(),
    )
    return _answer(service(Billing).run(command, caller=context.principal()), created=True)


@bp.get("/invoices/<invoice_id>", response=InvoiceOut, permission=VIEW)
def get_invoice(invoice_id: UUID) -> Reply:
    """Get an invoice."""
    return _answer(service(Billing).queries.get(INVOICES, context.principal(), invoice_id))


@bp.get("/invoices", query=InvoiceListQuery, response=Page[InvoiceOut], permission=VIEW)
def list_invoices(query: InvoiceListQuery) -> dict[str, Any]:
    """List invoices (keyset paged; sort created_at, updated_at, number)."""
    app, caller = service(Billing), context.principal()
    items, cursor = app.queries.list(INVOICES, caller, parse.list_params(query, FILTERS))
    fields = app.access.fields(caller, INVOICES)
    return {"items": [fields.redact(invoice_out(i)) for i in items], "next_cursor": cursor}


@bp.patch("/invoices/<invoice_id>", body=InvoicePatch, response=InvoiceOut, permission=EDIT)
def patch_invoice(invoice_id: UUID, body: InvoicePatch) -> Reply:
    """Edit a draft invoice (409 once issued), or move its status."""
    command = UpdateInvoice(
        invoice_id=invoice_id,
        fields=parse.invoice_fields(body),
        sent=parse.sent(body, "status"),
        status=body.status,
        expected_version=if_match(),
        token=context.caller_token(),
    )
    return _answer(service(Billing).run(command, caller=context.principal()))


def _move(invoice_id: UUID, status: str) -> Reply:
    command = ChangeInvoiceStatus(invoice_id=invoice_id, status=status, expected_version=if_match())
    return _answer(service(Billing).run(command, caller=context.principal()))


@bp.post("/invoices/<invoice_id>/approve", response=InvoiceOut, permission=EDIT)
def approve_invoice(invoice_id: UUID) -> Reply:
    """Approve (issue) a draft invoice; it is immutable from now on."""
    return _move(invoice_id, inv.APPROVED)


@bp.post("/invoices/<invoice_id>/send", response=InvoiceOut, permission=EDIT)
def send_invoice(invoice_id: UUID) -> Reply:
    """Mark an approved invoice as sent."""
    return _move(invoice_id, inv.SENT)


@bp.post("/invoices/<invoice_id>/cancel", response=InvoiceOut, permission=EDIT)
def cancel_invoice(invoice_id: UUID) -> Reply:
    """Cancel a draft or approved invoice without payments or credits."""
    return _move(invoice_id, inv.CANCELLED)


@bp.get("/invoices/<invoice_id>/reminders", response=Page[ReminderOut], permission=VIEW)
def invoice_reminders(invoice_id: UUID) -> dict[str, Any]:
    """Dunning reminders of an invoice (level and date each was sent)."""
    found = service(Billing).queries.reminders(context.principal(), invoice_id)
    items = [
        {"level": r.level, "reminded_on": r.reminded_on, "days_overdue": r.days_overdue}
        for r in found
    ]
    return {"items": items, "next_cursor": None}


@bp.get(
    "/invoices/<invoice_id>/pdf",
    response=File("application/pdf", "The invoice, printable"),
    permission=VIEW,
)
def invoice_pdf(invoice_id: UUID) -> FileReply:
    """The invoice as a PDF (inline; its ETag is the invoice's version)."""
    printed = service(Billing).queries.printable_invoice(
        context.principal(), invoice_id, context.caller_token()
    )
    return FileReply(
        printed.content,
        filename=f"{printed.number}.pdf",
        disposition="inline",
        media_type=printed.media_type,
        etag=printed.version,
    )
