"""Payment routes: record (idempotent by client reference), get, list, allocate credit."""

from __future__ import annotations

import dataclasses
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
    summary="Record a payment (201; a repeat of its client_reference answers 200 "
    "with the first payment)",
)
def create_payment(body: PaymentCreate) -> Reply:
    """Record a payment, or answer a repeat of its client reference with the first one."""
    recorded = service(Billing).run(parse.record_payment(body), caller=context.principal())
    payment = recorded.payment
    return Reply(
        _checked(_shown(payment)),
        status=201 if recorded.created else 200,
        location=f"{BASE}/{payment.id}",
        etag=payment.version,
    )


# A repeat of a client reference answers 200 with the first payment, a new one 201; the
# chassis holds a declared route to one success status, so this one is declared loose
# (strict=False) and checks its body against PaymentOut itself (_checked).
bp.routes[-1] = dataclasses.replace(bp.routes[-1], strict=False)


def _checked(body: dict[str, Any]) -> dict[str, Any]:
    """The body validated as a PaymentOut, JSON-ready, hidden fields still absent."""
    return PaymentOut.model_validate(body).model_dump(mode="json", exclude_unset=True)


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
