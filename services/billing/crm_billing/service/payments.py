"""Payment use cases: record (idempotent by client reference) and allocate later."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_billing.domain import payments as pay
from crm_billing.domain.errors import Conflict
from crm_billing.domain.payments import Payment, clean_payment, parse_requested, plan_allocations
from crm_billing.service.access import INVOICES, PAYMENTS
from crm_billing.service.common import Deps, load_visible, resolve_owner
from crm_chassis.auth.principal import Principal
from crm_chassis.logging import get_logger

log = get_logger(__name__)


class ClientReferenceReused(Conflict):
    def __init__(self, reference: str) -> None:
        super().__init__(
            f"client_reference '{reference}' was used for a different payment.",
            extra={"client_reference": reference},
        )


def record_payment(
    deps: Deps, principal: Principal, fields: dict[str, Any]
) -> tuple[Payment, bool]:
    """Record a payment and allocate it; return (payment, created).

    A repeat with the same ``client_reference`` (and the same amount, currency and
    account) returns the first payment and changes nothing; the same reference with
    other facts is a conflict. Without allocations the money goes to the account's open
    invoices, oldest due first; whatever is left is the account's credit.
    """
    deps.access.require(principal, PAYMENTS, "create")
    deps.access.check_writable(principal, PAYMENTS, fields.keys())
    fields = dict(fields)
    owner_id = resolve_owner(principal, fields.pop("owner_id", None))
    values = clean_payment(fields, deps.clock.today())
    requested = parse_requested(fields.get("allocations"), values["currency"])
    for attempt in (1, 2):
        try:
            return _record(deps, principal, owner_id, values, requested)
        except sa.exc.IntegrityError:
            # A concurrent request with the same client reference won the insert: the
            # second attempt finds its payment and answers like a repeat.
            if attempt == 2 or not values["client_reference"]:
                raise
    raise AssertionError("unreachable")


def _record(
    deps: Deps,
    principal: Principal,
    owner_id: UUID,
    values: dict[str, Any],
    requested: list[pay.Requested] | None,
) -> tuple[Payment, bool]:
    today, now = deps.clock.today(), deps.clock.now()
    with deps.uow() as uow:
        reference = values["client_reference"]
        if reference:
            existing = uow.payments.by_client_reference(reference)
            if existing is not None:
                same = (existing.amount, existing.currency, existing.account_id) == (
                    values["amount"],
                    values["currency"],
                    values["account_id"],
                )
                if not same:
                    raise ClientReferenceReused(reference)
                log.info("payment.repeat", payment_id=str(existing.id))
                return existing, False
        invoices = uow.invoices.open_for_account(values["account_id"], values["currency"])
        if requested is not None:
            # Naming an invoice needs seeing it; automatic allocation settles the account's
            # invoices whoever owns them (the money is the account's).
            invoices = [i for i in invoices if deps.access.can_see(principal, INVOICES, i)]
        by_id = {i.id: i for i in invoices}
        balances = {i.id: i.balance for i in invoices if i.balance > 0}
        plan = plan_allocations(values["amount"], balances, requested, on=values["received_on"])
        number = uow.numbers.next(pay.PREFIX, today.year)
        payment = Payment(
            id=uuid.uuid4(),
            number=number,
            owner_id=owner_id,
            created_at=now,
            updated_at=now,
            **values,
        )
        payment.allocate(plan, now=now)
        payment.version = 1
        for alloc in plan:
            by_id[alloc.invoice_id].apply_payment(alloc.amount, on=alloc.allocated_on, now=now)
            uow.invoices.save(by_id[alloc.invoice_id])
        payment.received()
        uow.payments.add(payment)
    log.info(
        "payment.recorded",
        payment_id=str(payment.id),
        allocated=str(payment.allocated),
        credit=str(payment.unallocated),
    )
    return payment, True


def allocate_payment(
    deps: Deps,
    principal: Principal,
    payment_id: UUID,
    raw: list[dict[str, Any]] | None,
) -> Payment:
    """Allocate a payment's remaining credit to open invoices of its account."""
    deps.access.require(principal, PAYMENTS, "edit")
    now = deps.clock.now()
    with deps.uow() as uow:
        payment = load_visible(
            deps, principal, PAYMENTS, "Payment", uow.payments.get(payment_id), payment_id, "edit"
        )
        requested = parse_requested(raw, payment.currency)
        invoices = uow.invoices.open_for_account(payment.account_id, payment.currency)
        if requested is not None:
            invoices = [i for i in invoices if deps.access.can_see(principal, INVOICES, i)]
        by_id = {i.id: i for i in invoices}
        balances = {i.id: i.balance for i in invoices if i.balance > 0}
        plan = plan_allocations(payment.unallocated, balances, requested, on=deps.clock.today())
        payment.allocate(plan, now=now)
        for alloc in plan:
            by_id[alloc.invoice_id].apply_payment(alloc.amount, on=alloc.allocated_on, now=now)
            uow.invoices.save(by_id[alloc.invoice_id])
        uow.payments.save(payment)
    return payment
