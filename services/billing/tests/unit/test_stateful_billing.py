"""Stateful property tests: random command sequences through the billing domain, with the
invariants checked after every step (case 12 and the declared machines).

An invoice with its payments and credit notes: no transition outside INVOICE_STATUS is ever
taken, balance = total - payments - credits and never negative, the status agrees with the
money on the invoice, a refused command changes nothing, every payment's amount is its
allocations plus its credit and its status follows PAYMENT_STATUS. A purchase order: only
PO_STATUS edges, edits only while Created.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from crm_billing.domain import invoices as inv
from crm_billing.domain import purchase_orders as po
from crm_billing.domain.credit_notes import CreditNote
from crm_billing.domain.lines import LineInput
from crm_billing.domain.payments import (
    PAYMENT_STATUS,
    Payment,
    PaymentFacts,
    plan_allocations,
)
from crm_chassis.errors import ValidationFailed
from crm_chassis.states import InvalidTransition

from .factories import NOW, TODAY, invoice

REFUSED = (InvalidTransition, ValidationFailed)
CENTS = st.integers(min_value=1, max_value=25_000).map(lambda n: Decimal(n) / 100)
STEPS = settings(max_examples=50, stateful_step_count=20, deadline=None)


def _money(i: inv.Invoice) -> tuple[object, ...]:
    return (i.status, i.amount_paid, i.amount_credited, i.version)


class InvoiceLedger(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.invoice = invoice()
        self.payments: list[Payment] = []
        self.notes: list[CreditNote] = []
        self.seen: list[tuple[str, str]] = []

    def _do(self, action) -> None:
        before = _money(self.invoice)
        try:
            action()
        except REFUSED:
            assert _money(self.invoice) == before, "a refused command changed the invoice"
            return
        if before[0] != self.invoice.status:
            self.seen.append((before[0], self.invoice.status))

    @rule(status=st.sampled_from(inv.STATUSES))
    def ask_for(self, status: str) -> None:
        self._do(lambda: self.invoice.transition(status, now=NOW, expected_version=None))

    @rule(amount=CENTS)
    def pay(self, amount: Decimal) -> None:
        payment = Payment.receive(
            PaymentFacts(self.invoice.account_id, amount, "EUR", "Cash", TODAY),
            id=uuid.uuid4(),
            number=f"PAY-{len(self.payments)}",
            owner_id=uuid.uuid4(),
            now=NOW,
        )
        balances = {self.invoice.id: self.invoice.balance} if self.invoice.is_open else {}
        before = payment.status
        planned = plan_allocations(amount, balances, None, on=TODAY)
        payment.allocate(planned, now=NOW)
        if payment.status != before:
            assert PAYMENT_STATUS.can(before, payment.status)
        for allocation in planned:
            self._do(lambda a=allocation: self.invoice.apply_payment(a.amount, on=TODAY, now=NOW))
        self.payments.append(payment)

    @rule(amount=CENTS)
    def pay_exactly(self, amount: Decimal) -> None:
        self._do(lambda: self.invoice.apply_payment(amount, on=TODAY, now=NOW))

    @rule(amount=CENTS)
    def credit(self, amount: Decimal) -> None:
        def issue() -> None:
            note = CreditNote.issue(
                id=uuid.uuid4(),
                number="pending",
                invoice=self.invoice,
                credited_so_far=sum((n.amount for n in self.notes), Decimal(0)),
                amount=amount,
                reason="property",
                today=TODAY,
                now=NOW,
            )
            self.notes.append(note)

        self._do(issue)

    @rule(days=st.integers(min_value=-5, max_value=120), level=st.integers(1, 4))
    def overdue_check(self, days: int, level: int) -> None:
        today = self.invoice.due_date + timedelta(days=days)
        self._do(lambda: self.invoice.mark_overdue(today, level, now=NOW))

    @rule(reason=st.sampled_from(["v2", "v3"]))
    def superseded(self, reason: str) -> None:
        self._do(lambda: self.invoice.supersede(uuid.uuid4(), reason, now=NOW))

    @invariant()
    def only_declared_transitions(self) -> None:
        for source, target in self.seen:
            assert inv.INVOICE_STATUS.can(source, target), (source, target)

    @invariant()
    def balance_is_total_less_payments_and_credits(self) -> None:
        i = self.invoice
        assert i.balance == i.totals.total - i.amount_paid - i.amount_credited
        assert Decimal(0) <= i.balance <= i.totals.total
        assert i.amount_credited == sum((n.applied for n in self.notes), Decimal(0))

    @invariant()
    def status_agrees_with_the_money(self) -> None:
        i = self.invoice
        money = i.amount_paid + i.amount_credited
        if i.status in (inv.CREATED, inv.CANCELLED, inv.APPROVED, inv.SENT):
            assert money == 0, i.status
        if i.status in (inv.PARTIALLY_PAID, inv.OVERDUE):
            assert i.balance > 0
        if i.status == inv.PARTIALLY_PAID:
            assert money > 0
        if i.status == inv.PAID:
            assert i.balance == 0 and i.amount_paid > 0
        if i.status == inv.CREDIT_INVOICE:
            assert i.balance == 0 and i.amount_paid == 0
        if i.balance == 0 and i.status in inv.ISSUED:
            assert i.status in (inv.PAID, inv.CREDIT_INVOICE)

    @invariant()
    def payments_keep_every_cent(self) -> None:
        for p in self.payments:
            assert p.amount == p.allocated + p.unallocated and p.unallocated >= 0
            assert p.status in PAYMENT_STATUS.statuses


class PurchaseOrderLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        fields = po.PurchaseOrderFields(
            vendor_id=uuid.uuid4(),
            currency="EUR",
            lines=(LineInput(description="Bolts", quantity=Decimal(2), unit_price=Decimal(3)),),
        )
        self.order = po.PurchaseOrder.create(
            id=uuid.uuid4(),
            number="PO-1",
            owner_id=uuid.uuid4(),
            now=NOW,
            today=TODAY,
            fields=fields,
        )

    @rule(status=st.sampled_from(po.STATUSES))
    def move(self, status: str) -> None:
        target = status
        before = self.order.status
        try:
            self.order.update(
                po.PurchaseOrderFields(), (), status=target, now=NOW, expected_version=None
            )
        except InvalidTransition as exc:
            assert not po.PO_STATUS.can(before, target) and exc.allowed == po.PO_STATUS.allowed(
                before
            )
            assert self.order.status == before
            return
        assert target == before or po.PO_STATUS.can(before, target)

    @rule(subject=st.text(min_size=1, max_size=20).filter(str.strip))
    def edit(self, subject: str) -> None:
        before = self.order.status
        try:
            self.order.update(
                po.PurchaseOrderFields(subject=subject),
                ("subject",),
                now=NOW,
                expected_version=None,
            )
        except InvalidTransition:
            assert before != po.CREATED
            return
        assert before == po.CREATED

    @invariant()
    def status_is_declared(self) -> None:
        assert self.order.status in po.PO_STATUS.statuses


TestInvoiceLedger = InvoiceLedger.TestCase
TestInvoiceLedger.settings = STEPS
TestPurchaseOrderLife = PurchaseOrderLife.TestCase
TestPurchaseOrderLife.settings = STEPS
