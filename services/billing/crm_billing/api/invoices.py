"""Invoice routes: parse, call one use case, map the result."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_access import FieldAccess
from crm_billing.api.mapping import fields, invoice_out, list_params, shown
from crm_billing.api.schemas import (
    InvoiceCreate,
    InvoiceListQuery,
    InvoiceOut,
    InvoicePatch,
    ReminderOut,
)
from crm_billing.bootstrap import Billing
from crm_billing.service.access import INVOICES
from crm_chassis import context
from crm_chassis.http import Api, Page, Reply, if_match

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


def register(api: Api, app: Billing) -> None:
    def _out(item: Any, fa: FieldAccess | None = None) -> dict[str, Any]:
        fa = fa or app.access.fields(context.principal(), INVOICES)
        return shown(invoice_out(item), fa)

    @api.route(
        "/invoices",
        "POST",
        body=InvoiceCreate,
        response=InvoiceOut,
        status=201,
        permission=(INVOICES, "create"),
        summary="Create a draft invoice",
    )
    def create_invoice(body: InvoiceCreate) -> Reply:
        invoice = app.create_invoice(context.principal(), fields(body))
        return Reply(
            _out(invoice), status=201, location=f"{BASE}/{invoice.id}", etag=invoice.version
        )

    @api.route(
        "/invoices/<invoice_id>",
        "GET",
        response=InvoiceOut,
        permission=(INVOICES, "view"),
        summary="Get an invoice",
    )
    def get_invoice(invoice_id: UUID) -> Reply:
        invoice = app.queries.get(INVOICES, context.principal(), invoice_id)
        return Reply(_out(invoice), etag=invoice.version)

    @api.route(
        "/invoices",
        "GET",
        query=InvoiceListQuery,
        response=Page[InvoiceOut],
        permission=(INVOICES, "view"),
        summary="List invoices (keyset paged; sort created_at, updated_at, number)",
    )
    def list_invoices(query: InvoiceListQuery) -> Reply:
        principal = context.principal()
        items, cursor = app.queries.list(INVOICES, principal, list_params(query, FILTERS))
        fa = app.access.fields(principal, INVOICES)
        return Reply({"items": [_out(i, fa) for i in items], "next_cursor": cursor})

    @api.route(
        "/invoices/<invoice_id>",
        "PATCH",
        body=InvoicePatch,
        response=InvoiceOut,
        permission=(INVOICES, "edit"),
        summary="Edit a draft invoice (409 once issued), or move its status",
    )
    def patch_invoice(invoice_id: UUID, body: InvoicePatch) -> Reply:
        invoice = app.update_invoice(context.principal(), invoice_id, fields(body), if_match())
        return Reply(_out(invoice), etag=invoice.version)

    def _action(name: str, summary: str) -> None:
        @api.route(
            f"/invoices/<invoice_id>/{name}",
            "POST",
            response=InvoiceOut,
            permission=(INVOICES, "edit"),
            summary=summary,
        )
        def invoice_action(invoice_id: UUID) -> Reply:
            invoice = app.transition_invoice(context.principal(), invoice_id, name, if_match())
            return Reply(_out(invoice), etag=invoice.version)

        invoice_action.__name__ = f"{name}_invoice"

    _action("approve", "Approve (issue) a draft invoice; it is immutable from now on")
    _action("send", "Mark an approved invoice as sent")
    _action("cancel", "Cancel a draft or approved invoice without payments or credits")

    @api.route(
        "/invoices/<invoice_id>/reminders",
        "GET",
        response=Page[ReminderOut],
        permission=(INVOICES, "view"),
        summary="Dunning reminders of an invoice (level and date each was sent)",
    )
    def invoice_reminders(invoice_id: UUID) -> Reply:
        found = app.queries.reminders(context.principal(), invoice_id)
        items = [
            {
                "level": r.level,
                "reminded_on": r.reminded_on.isoformat(),
                "days_overdue": r.days_overdue,
            }
            for r in found
        ]
        return Reply({"items": items, "next_cursor": None})
