"""Stateful property tests: random revise/change/approve sequences on one quote family, and
random status changes on a sales order.

After every step: one current version per family and every earlier one superseded; each
approval names exactly the earlier versions; no superseded version is approved or ordered
from; nobody approved above his own limit; totals equal the sum of the printed lines; an
order never goes backwards and is never cancelled once its invoice has money on it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from crm_chassis.errors import AppError
from crm_sales.domain.approval import ApprovalLimit, ApprovalLimits, Approver
from crm_sales.domain.events import QuoteApproved
from crm_sales.domain.lines import LineInput, price_lines
from crm_sales.domain.orders import ORDER_STATUS, SalesOrder
from crm_sales.domain.quotes import APPROVED, PENDING, QUOTE_STATUS, SUPERSEDED, Quote, QuoteFields

NOW = datetime(2026, 12, 3, tzinfo=UTC)
SETTINGS = settings(max_examples=50, stateful_step_count=20, deadline=None)
LIMITS = ApprovalLimits(
    ApprovalLimit(max_grand_total=Decimal("100"), currency="EUR"),
    (
        ApprovalLimit("rep", Decimal("100"), "EUR", Decimal("10")),
        ApprovalLimit("manager", Decimal("1000"), "EUR", Decimal("30")),
    ),
)
APPROVERS = {
    "rep": Approver("rep-user", "rep", False, ("manager",)),
    "rep2": Approver("rep-user-2", "rep", False, ("manager",)),
    "manager": Approver("boss", "manager", False, ()),
    "admin": Approver("root", None, True, ()),
}


def _lines(quantity: int, discount: int) -> list:  # type: ignore[type-arg]
    item = LineInput(
        product_id=uuid.UUID(int=1),
        product_code="W",
        product_name="Widget",
        quantity=Decimal(quantity),
        unit_price=Decimal("9.99"),
        discount_percent=Decimal(discount),
        tax_percent=Decimal("19"),
    )
    return price_lines([item], uuid.uuid4)


class QuoteFamily(RuleBasedStateMachine):
    @initialize(quantity=st.integers(1, 150), discount=st.integers(0, 40))
    def create(self, quantity: int, discount: int) -> None:
        quote = Quote(
            id=uuid.uuid4(),
            number="QUO-2026-000001",
            account_id=uuid.uuid4(),
            currency="EUR",
            created_at=NOW,
            updated_at=NOW,
            lines=_lines(quantity, discount),
        )
        quote.recompute()
        self.family = [quote]
        self.approvals: list[tuple[Quote, QuoteApproved]] = []

    def _pick(self, n: int) -> Quote:
        return self.family[n % len(self.family)]

    @rule(n=st.integers(0, 10))
    def revise(self, n: int) -> None:
        quote, before = self._pick(n), self._pick(n).status
        try:
            self.family.append(
                quote.revise(new_id=uuid.uuid4(), line_id=uuid.uuid4, now=NOW, by_owner=None)
            )
        except AppError:
            assert before == SUPERSEDED

    @rule(n=st.integers(0, 10), quantity=st.integers(1, 150), discount=st.integers(0, 40))
    def change_lines(self, n: int, quantity: int, discount: int) -> None:
        quote, before = self._pick(n), self._pick(n).status
        try:
            quote.change(QuoteFields(), (), _lines(quantity, discount), now=NOW, expected=None)
        except AppError:
            assert before in (APPROVED, SUPERSEDED)

    @rule(n=st.integers(0, 10), who=st.sampled_from(sorted(APPROVERS)))
    def approve(self, n: int, who: str) -> None:
        quote, approver = self._pick(n), APPROVERS[who]
        before, events = quote.status, len(quote.events)
        earlier = tuple(q.id for q in self.family if q.quote_version < quote.quote_version)
        try:
            quote.approve(approver=approver, limits=LIMITS, now=NOW, superseded_ids=earlier)
        except AppError:
            return
        assert QUOTE_STATUS.can(before, quote.status)
        if quote.status == APPROVED:
            limit = LIMITS.of(approver.role_id, is_admin=approver.is_admin)
            assert limit.covers(quote.grand_total, quote.currency, quote.discount_percent)
            [event] = quote.events[events:]
            self.approvals.append((quote, event))
        else:
            assert quote.status == PENDING and len(quote.events) == events

    @rule(n=st.integers(0, 10))
    def order(self, n: int) -> None:
        quote = self._pick(n)
        try:
            SalesOrder.from_quote(
                quote, id=uuid.uuid4(), number="SO-1", now=NOW, by="t", line_id=uuid.uuid4
            )
        except AppError:
            assert quote.status != APPROVED
            return
        assert quote.status == APPROVED

    @invariant()
    def one_current_version(self) -> None:
        *earlier, last = self.family
        assert all(q.superseded for q in earlier) and not last.superseded
        assert [q.quote_version for q in self.family] == list(range(1, len(self.family) + 1))

    @invariant()
    def approvals_name_every_earlier_version(self) -> None:
        for quote, event in self.approvals:
            earlier = [q.id for q in self.family if q.quote_version < quote.quote_version]
            assert list(event.superseded_quote_ids) == earlier
            assert quote.approved_by and quote.approval_path[-1]["step"] == "approved"

    @invariant()
    def totals_are_the_sum_of_the_lines(self) -> None:
        for q in self.family:
            assert q.grand_total == sum((ln.total for ln in q.lines), Decimal(0)) + q.shipping
            assert not q.awaiting_approval_by or q.approval_status == PENDING


class OrderLifecycle(RuleBasedStateMachine):
    @initialize()
    def create(self) -> None:
        quote = Quote(
            id=uuid.uuid4(),
            number="QUO-1",
            account_id=uuid.uuid4(),
            currency="EUR",
            created_at=NOW,
            updated_at=NOW,
            lines=_lines(2, 0),
        )
        quote.recompute()
        quote.approve(approver=APPROVERS["admin"], limits=LIMITS, now=NOW)
        self.order = SalesOrder.from_quote(
            quote, id=uuid.uuid4(), number="SO-1", now=NOW, by="t", line_id=uuid.uuid4
        )
        self.paid = False
        self.seen = [self.order.status]

    @rule()
    @precondition(lambda self: not self.paid)
    def money_arrives(self) -> None:
        self.paid = True

    @rule(status=st.sampled_from(ORDER_STATUS.statuses))
    def set_status(self, status: str) -> None:
        before = self.order.status
        try:
            self.order.set_status(status, now=NOW, expected=None, money_received=self.paid)
        except AppError:
            assert status != before
            return
        assert status == before or ORDER_STATUS.can(before, status)
        assert not (status == "Cancelled" and before != status and self.paid)
        self.seen.append(self.order.status)

    @invariant()
    def never_backwards(self) -> None:
        order = list(ORDER_STATUS.statuses)
        ranks = [order.index(s) for s in self.seen]
        assert ranks == sorted(ranks)
        if self.seen[-1] in ORDER_STATUS.terminal:
            assert self.order.status == self.seen[-1]


TestQuoteFamily = QuoteFamily.TestCase
TestQuoteFamily.settings = SETTINGS
TestOrderLifecycle = OrderLifecycle.TestCase
TestOrderLifecycle.settings = SETTINGS
