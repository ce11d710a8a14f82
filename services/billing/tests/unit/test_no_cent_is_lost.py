"""Property tests: invoice and payment arithmetic never loses (or makes) a cent."""

import uuid
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from crm_billing.domain.collections import OpenItem, ageing
from crm_billing.domain.invoices import Invoice, InvoiceFields
from crm_billing.domain.lines import check_lines, compute_totals
from crm_billing.domain.payments import Payment, plan_allocations
from crm_chassis.fields import Checker
from crm_chassis.money import quantum

from .factories import NOW, TODAY
from .factories import lines as as_inputs

CURRENCIES = st.sampled_from(["EUR", "USD", "JPY", "KWD"])
cents = st.integers(min_value=0, max_value=10_000_000).map(lambda n: Decimal(n) / 100)
percent = st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n) / 100)
quantity = st.integers(min_value=1, max_value=100_000).map(lambda n: Decimal(n) / 1000)
line = st.fixed_dictionaries(
    {
        "description": st.just("item"),
        "quantity": quantity.map(str),
        "unit_price": st.integers(min_value=0, max_value=10**8).map(
            lambda n: str(Decimal(n) / 10**4)
        ),
        "discount_percent": percent.map(str),
        "tax_percent": percent.map(str),
    }
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(line, min_size=1, max_size=20),
    currency=CURRENCIES,
    discount_pct=percent,
    shipping=cents,
    adjustment=cents,
)
def test_totals_are_exact_sums_of_rounded_parts(
    lines, currency, discount_pct, shipping, adjustment
):
    check = Checker()
    parsed = check_lines(as_inputs(lines), currency, check)
    assert not check.errors
    t = compute_totals(
        parsed, currency, discount_percent=discount_pct, shipping=shipping, adjustment=-adjustment
    )
    q = quantum(currency)
    for amount in (
        t.subtotal,
        t.discount,
        t.tax,
        t.shipping,
        t.adjustment,
        t.total,
        *(x.net for x in parsed),
        *(x.tax for x in parsed),
    ):
        assert amount == amount.quantize(q)
    assert t.subtotal == sum(x.gross for x in parsed)
    assert all(x.gross - x.discount_amount == x.net for x in parsed)
    assert t.tax == sum(x.tax for x in parsed)
    assert t.total == t.subtotal - t.discount + t.tax + t.shipping + t.adjustment


def _issued(total: Decimal) -> Invoice:
    inv = Invoice.create(
        id=uuid.uuid4(),
        number="INV-2026-000001",
        owner_id=uuid.uuid4(),
        now=NOW,
        today=TODAY,
        fields=InvoiceFields(
            account_id=uuid.uuid4(),
            currency="EUR",
            lines=as_inputs([{"description": "x", "quantity": "1", "unit_price": str(total)}]),
        ),
    )
    inv.transition("Approved", now=NOW, expected_version=None)
    return inv


@settings(max_examples=300, deadline=None)
@given(
    totals=st.lists(cents.filter(lambda x: x > 0), min_size=1, max_size=8),
    payments=st.lists(cents.filter(lambda x: x > 0), min_size=1, max_size=8),
    credits=st.lists(st.integers(min_value=0, max_value=100), max_size=4),
)
def test_payments_and_credits_conserve_every_cent(totals, payments, credits):
    invoices = [_issued(t) for t in totals]
    received: list[Payment] = []
    for n, amount in enumerate(payments):
        open_ = {i.id: i.balance for i in invoices if i.is_open and i.balance > 0}
        plan = plan_allocations(amount, open_, None, on=TODAY)
        by_id = {i.id: i for i in invoices}
        for alloc in plan:
            assert alloc.amount <= open_[alloc.invoice_id]
            by_id[alloc.invoice_id].apply_payment(alloc.amount, on=TODAY, now=NOW)
        payment = Payment(
            id=uuid.uuid4(),
            number=f"PAY-{n}",
            owner_id=uuid.uuid4(),
            account_id=uuid.uuid4(),
            amount=amount,
            currency="EUR",
            method="Cash",
            received_on=TODAY,
            created_at=NOW,
            updated_at=NOW,
        )
        payment.allocate(plan, now=NOW)
        assert payment.allocated + payment.unallocated == amount
        assert payment.unallocated >= 0
        received.append(payment)
    credit_excess = Decimal(0)
    credited = Decimal(0)
    for n, pct in enumerate(credits):
        inv = invoices[n % len(invoices)]
        room = inv.totals.total - inv.amount_credited
        amount = (room * pct / 100).quantize(Decimal("0.01"))
        if amount <= 0:
            continue
        credited += amount
        credit_excess += inv.apply_credit(amount, on=TODAY, now=NOW)
    for inv in invoices:
        assert inv.balance >= 0
        assert inv.totals.total == inv.balance + inv.amount_paid + inv.amount_credited
        assert inv.status in ("Paid", "Credit Invoice") if inv.balance == 0 else True
    paid_in = sum(payments, Decimal(0))
    allocated = sum((p.allocated for p in received), Decimal(0))
    account_credit = sum((p.unallocated for p in received), Decimal(0)) + credit_excess
    # Everything received is on an invoice or the account's credit; nothing else.
    assert allocated == sum((i.amount_paid for i in invoices), Decimal(0))
    assert (
        paid_in + credited
        == allocated + sum((i.amount_credited for i in invoices), Decimal(0)) + account_credit
    )
    owed = sum(totals, Decimal(0))
    assert sum((i.balance for i in invoices), Decimal(0)) == owed - allocated - (
        credited - credit_excess
    )


@settings(max_examples=200, deadline=None)
@given(
    items=st.lists(st.tuples(st.integers(-200, 200), cents, cents, st.integers(0, 3)), max_size=30)
)
def test_ageing_buckets_add_up_to_the_open_balance(items):
    accounts = [uuid.uuid4() for _ in range(4)]
    open_items = [
        OpenItem(
            uuid.uuid4(),
            accounts[a],
            "EUR",
            date(2026, 6, 30).fromordinal(date(2026, 6, 30).toordinal() + days),
            total + paid,
            paid,
            Decimal(0),
        )
        for days, total, paid, a in items
    ]
    report = ageing(open_items, date(2026, 6, 30))
    expected = sum((i.balance for i in open_items if i.balance > 0), Decimal(0))
    assert sum((r.total for r in report.accounts), Decimal(0)) == expected
    assert sum((t.total for t in report.totals), Decimal(0)) == expected
