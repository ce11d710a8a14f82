"""Payment routes: record (idempotent by client reference), get, list, allocate credit."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_billing.api import request_bodies as parse
from crm_billing.api.response_bodies import payment_out
from crm_billing.api.schemas import AllocationsIn, PaymentCreate, PaymentListQuery, PaymentOut
from crm_billing.bootstrap import Billing
from crm_billing.domain.commands import AllocatePayment
from crm_billing.domain.payments import Payment
from crm_billing.service.access import PAYMENTS
from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, service

BASE = "/api/billing/v1/payments"
FILTERS = ("account_id", "owner_id", "method", "currency", "client_reference")
VIEW = (PAYMENTS, "view")

bp = Blueprint("payments")


def _shown(payment: Payment) -> dict[str, Any]:
    """The payment's body without the fields the caller may not see."""
    fields = service(Billing).access.fields(context.principal(), PAYMENTS)
    return fields.redact(payment_out(payment))


@bp.post(
    "/payments",
    body=PaymentCreate,
    response=PaymentOut,
    status=201,
    permission=(PAYMENTS, "create"),
    summary="Record a payment (a repeat of its client_reference answers the first payment, "
    "marked Idempotent-Replayed)",
)
def create_payment(body: PaymentCreate) -> Reply:
    """Record a payment, or answer a repeat of its client reference with the first one."""
    recorded = service(Billing).run(parse.record_payment(body), caller=context.principal())
    payment = recorded.payment
    # A repeat is a replay of the first answer (201, as an Idempotency-Key replay is): one
    # success status per route, and the header tells a client it changed nothing.
    replayed = {} if recorded.created else {"Idempotent-Replayed": "true"}
    return Reply(
        _shown(payment), location=f"{BASE}/{payment.id}", etag=payment.version, headers=replayed
    )


@bp.get("/payments/<payment_id>", response=PaymentOut, permission=VIEW)
def get_payment(payment_id: UUID) -> Reply:
    """Get a payment with its allocations."""
    payment = service(Billing).queries.get(PAYMENTS, context.principal(), payment_id)
    return Reply(_shown(payment), etag=payment.version)


@bp.get("/payments", query=PaymentListQuery, response=Page[PaymentOut], permission=VIEW)
def list_payments(query: PaymentListQuery) -> dict[str, Any]:
    """List payments (keyset paged)."""
    app, caller = service(Billing), context.principal()
    items, cursor = app.queries.list(PAYMENTS, caller, parse.list_params(query, FILTERS))
    fields = app.access.fields(caller, PAYMENTS)
    return {"items": [fields.redact(payment_out(p)) for p in items], "next_cursor": cursor}


@bp.post(
    "/payments/<payment_id>/allocations",
    body=AllocationsIn,
    response=PaymentOut,
    permission=(PAYMENTS, "edit"),
)
def allocate_payment(payment_id: UUID, body: AllocationsIn) -> Reply:
    """Allocate a payment's remaining credit to open invoices."""
    command = AllocatePayment(payment_id=payment_id, allocations=parse.requested(body.allocations))
    payment = service(Billing).run(command, caller=context.principal())
    return Reply(_shown(payment), etag=payment.version)
