"""Payment and credit-note routes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_billing.api.mapping import credit_note_out, fields, list_params, payment_out, shown
from crm_billing.api.schemas import (
    AllocationsIn,
    CreditNoteCreate,
    CreditNoteListQuery,
    CreditNoteOut,
    PaymentCreate,
    PaymentListQuery,
    PaymentOut,
)
from crm_billing.bootstrap import Billing
from crm_billing.service.access import CREDIT_NOTES, PAYMENTS
from crm_chassis import context
from crm_chassis.http import Api, Page, Reply

PAYMENTS_BASE = "/api/billing/v1/payments"
NOTES_BASE = "/api/billing/v1/credit-notes"


def register(api: Api, app: Billing) -> None:
    def _payment(item: Any) -> dict[str, Any]:
        return shown(payment_out(item), app.access.fields(context.principal(), PAYMENTS))

    def _note(item: Any) -> dict[str, Any]:
        return shown(credit_note_out(item), app.access.fields(context.principal(), CREDIT_NOTES))

    @api.route(
        "/payments",
        "POST",
        body=PaymentCreate,
        response=PaymentOut,
        status=201,
        permission=(PAYMENTS, "create"),
        summary="Record a payment (201; a repeat of its client_reference answers 200 "
        "with the first payment)",
    )
    def create_payment(body: PaymentCreate) -> Reply:
        payment, created = app.record_payment(context.principal(), fields(body))
        return Reply(
            _payment(payment),
            status=201 if created else 200,
            location=f"{PAYMENTS_BASE}/{payment.id}",
            etag=payment.version,
        )

    @api.route(
        "/payments/<payment_id>",
        "GET",
        response=PaymentOut,
        permission=(PAYMENTS, "view"),
        summary="Get a payment with its allocations",
    )
    def get_payment(payment_id: UUID) -> Reply:
        payment = app.queries.get(PAYMENTS, context.principal(), payment_id)
        return Reply(_payment(payment), etag=payment.version)

    @api.route(
        "/payments",
        "GET",
        query=PaymentListQuery,
        response=Page[PaymentOut],
        permission=(PAYMENTS, "view"),
        summary="List payments (keyset paged)",
    )
    def list_payments(query: PaymentListQuery) -> Reply:
        items, cursor = app.queries.list(
            PAYMENTS,
            context.principal(),
            list_params(
                query, ("account_id", "owner_id", "method", "currency", "client_reference")
            ),
        )
        return Reply({"items": [_payment(p) for p in items], "next_cursor": cursor})

    @api.route(
        "/payments/<payment_id>/allocations",
        "POST",
        body=AllocationsIn,
        response=PaymentOut,
        permission=(PAYMENTS, "edit"),
        summary="Allocate a payment's remaining credit to open invoices",
    )
    def allocate_payment(payment_id: UUID, body: AllocationsIn) -> Reply:
        raw = fields(body).get("allocations")
        payment = app.allocate_payment(context.principal(), payment_id, raw)
        return Reply(_payment(payment), etag=payment.version)

    @api.route(
        "/credit-notes",
        "POST",
        body=CreditNoteCreate,
        response=CreditNoteOut,
        status=201,
        permission=(CREDIT_NOTES, "create"),
        summary="Credit an issued invoice (the excess over its balance is credit)",
    )
    def create_credit_note(body: CreditNoteCreate) -> Reply:
        note = app.issue_credit_note(context.principal(), fields(body))
        return Reply(_note(note), status=201, location=f"{NOTES_BASE}/{note.id}", etag=note.version)

    @api.route(
        "/credit-notes/<credit_note_id>",
        "GET",
        response=CreditNoteOut,
        permission=(CREDIT_NOTES, "view"),
        summary="Get a credit note",
    )
    def get_credit_note(credit_note_id: UUID) -> Reply:
        note = app.queries.get(CREDIT_NOTES, context.principal(), credit_note_id)
        return Reply(_note(note), etag=note.version)

    @api.route(
        "/credit-notes",
        "GET",
        query=CreditNoteListQuery,
        response=Page[CreditNoteOut],
        permission=(CREDIT_NOTES, "view"),
        summary="List credit notes (keyset paged)",
    )
    def list_credit_notes(query: CreditNoteListQuery) -> Reply:
        items, cursor = app.queries.list(
            CREDIT_NOTES,
            context.principal(),
            list_params(query, ("invoice_id", "account_id", "owner_id", "currency")),
        )
        return Reply({"items": [_note(n) for n in items], "next_cursor": cursor})
