"""Payment use cases: record (idempotent by client reference) and allocate later."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from crm_access import RecordAccess
from crm_billing.domain import payments as pay
from crm_billing.domain.commands import AllocatePayment, RecordPayment, given
from crm_billing.domain.errors import ClientReferenceReused, ClientReferenceTaken
from crm_billing.domain.payments import (
    Allocation,
    Payment,
    PaymentFacts,
    RecordedPayment,
    Requested,
    check_requested,
    clean_payment,
    plan_allocations,
)
from crm_billing.domain.ports import AccountDirectory
from crm_billing.service.access import INVOICES, PAYMENTS
from crm_billing.service.accounts import known_account
from crm_billing.service.clock import Clock
from crm_billing.service.records import resolve_owner, visible
from crm_billing.service.unit_of_work import UnitOfWork, UnitOfWorkFactory
from crm_chassis.auth.principal import Principal
from crm_chassis.logging import get_logger

log = get_logger(__name__)


def record_payment(
    cmd: RecordPayment,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    clock: Clock,
    caller: Principal,
    directory: AccountDirectory,
) -> RecordedPayment:
    """Record a payment and allocate it.

    A repeat with the same ``client_reference`` (and the same amount, currency and
    account) returns the first payment and changes nothing; the same reference with
    other facts is a conflict. Without allocations the money goes to the account's open
    invoices, oldest due first; whatever is left is the account's credit.
    """
    access.require(caller, PAYMENTS, "create")
    access.check_writable(caller, PAYMENTS, given(cmd) - {"token"})
    owner_id = resolve_owner(caller, cmd.owner_id, access)
    facts = clean_payment(
        account_id=cmd.account_id,
        amount=cmd.amount,
        currency=cmd.currency,
        method=cmd.method,
        received_on=cmd.received_on,
        reference=cmd.reference,
        client_reference=cmd.client_reference,
        notes=cmd.notes,
        today=clock.today(),
    )
    check_requested(cmd.allocations, facts.currency)
    known_account(directory, facts.account_id, cmd.token)
    for attempt in (1, 2):
        try:
            with uow() as tx:
                return _record(tx, facts, cmd.allocations, owner_id, access, clock, caller)
        except ClientReferenceTaken:
            # A concurrent request with the same client reference won the insert: the
            # second attempt finds its payment and answers like a repeat.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _record(
    tx: UnitOfWork,
    facts: PaymentFacts,
    requested: Sequence[Requested] | None,
    owner_id: uuid.UUID,
    access: RecordAccess,
    clock: Clock,
    caller: Principal,
) -> RecordedPayment:
    reference = facts.client_reference
    existing = tx.payments.by_client_reference(reference) if reference else None
    if existing is not None and reference is not None:
        if not existing.same_facts(facts):
            raise ClientReferenceReused(reference)
        log.info("payment.repeat", payment_id=str(existing.id))
        return RecordedPayment(existing, created=False)
    today, now = clock.today(), clock.now()
    payment = Payment.receive(
        facts,
        id=uuid.uuid4(),
        number=tx.numbers.next(pay.PREFIX, today.year),
        owner_id=owner_id,
        now=now,
    )
    _allocate(
        tx,
        payment,
        requested,
        access,
        caller,
        available=facts.amount,
        on=facts.received_on,
        now=now,
    )
    payment.version = 1
    payment.received()
    tx.payments.add(payment)
    log.info(
        "payment.recorded",
        payment_id=str(payment.id),
        allocated=str(payment.allocated),
        credit=str(payment.unallocated),
    )
    return RecordedPayment(payment, created=True)


def _allocate(
    tx: UnitOfWork,
    payment: Payment,
    requested: Sequence[Requested] | None,
    access: RecordAccess,
    caller: Principal,
    *,
    available: Decimal,
    on: date,
    now: datetime,
) -> list[Allocation]:
    """Plan and apply allocations of ``available`` to the account's open invoices."""
    invoices = tx.invoices.open_for_account(payment.account_id, payment.currency)
    if requested is not None:
        # Naming an invoice needs seeing it; automatic allocation settles the account's
        # invoices whoever owns them (the money is the account's).
        invoices = [i for i in invoices if access.can_see(caller, INVOICES, i)]
    by_id = {i.id: i for i in invoices}
    balances = {i.id: i.balance for i in invoices if i.balance > 0}
    plan = plan_allocations(available, balances, requested, on=on)
    payment.allocate(plan, now=now)
    for alloc in plan:
        by_id[alloc.invoice_id].apply_payment(alloc.amount, on=alloc.allocated_on, now=now)
        tx.invoices.save(by_id[alloc.invoice_id])
    return plan


def allocate_payment(
    cmd: AllocatePayment,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    clock: Clock,
    caller: Principal,
) -> Payment:
    """Allocate a payment's remaining credit to open invoices of its account."""
    access.require(caller, PAYMENTS, "edit")
    with uow() as tx:
        payment = visible(
            access,
            caller,
            PAYMENTS,
            "Payment",
            tx.payments.get(cmd.payment_id),
            cmd.payment_id,
            "edit",
        )
        check_requested(cmd.allocations, payment.currency)
        _allocate(
            tx,
            payment,
            cmd.allocations,
            access,
            caller,
            available=payment.unallocated,
            on=clock.today(),
            now=clock.now(),
        )
        tx.payments.save(payment)
    return payment
