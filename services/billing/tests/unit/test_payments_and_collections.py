"""Payment allocation, credit, ageing buckets, dunning levels and KPIs on a fixed clock."""

import uuid
from datetime import date

import pytest

from crm_billing.domain.collections import OpenItem, ageing, bucket_for, dunning_level
from crm_billing.domain.credit_notes import CreditNote
from crm_billing.domain.kpis import Sale, compute_kpis, period_key
from crm_billing.domain.payments import Requested, clean_payment, plan_allocations
from crm_chassis.errors import InvalidFields
from crm_chassis.states import InvalidTransition

from .factories import NOW, TODAY, d, invoice

A, B, C = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def test_automatic_allocation_fills_oldest_first_and_keeps_the_rest_as_credit():
    planned = plan_allocations(d("150"), {A: d("100"), B: d("30")}, None, on=TODAY)
    assert [(p.invoice_id, p.amount) for p in planned] == [(A, d("100")), (B, d("30"))]
    assert d("150") - sum(p.amount for p in planned) == d("20")


def test_requested_allocation_without_amount_takes_what_fits():
    planned = plan_allocations(d("50"), {A: d("100"), B: d("30")}, [Requested(B)], on=TODAY)
    assert [(p.invoice_id, p.amount) for p in planned] == [(B, d("30"))]


@pytest.mark.parametrize(
    ("requested", "field"),
    [
        ([Requested(A, d("101"))], "allocations[0].amount"),
        ([Requested(C, d("1"))], "allocations[0].invoice_id"),
        ([Requested(A, d("100")), Requested(B, d("30"))], "allocations[1].amount"),
    ],
)
def test_impossible_allocations_are_refused_not_trimmed(requested, field):
    with pytest.raises(InvalidFields) as err:
        plan_allocations(d("120"), {A: d("100"), B: d("30")}, requested, on=TODAY)
    assert err.value.errors[0].field == field


def test_payment_fields_are_checked():
    with pytest.raises(InvalidFields) as err:
        clean_payment(
            amount=d("10.001"),
            currency="EUR",
            account_id=A,
            method="Barter",
            received_on=date(2026, 3, 2),
            reference=None,
            client_reference=None,
            notes=None,
            today=TODAY,
        )
    assert {e.field for e in err.value.errors} == {"amount", "method", "received_on"}


def test_credit_note_reduces_the_balance_and_never_exceeds_the_invoice():
    inv = invoice("Sent")
    note = CreditNote.issue(
        id=uuid.uuid4(),
        number="CN-2026-000001",
        invoice=inv,
        credited_so_far=d("0"),
        amount=d("50.00"),
        reason="Damaged",
        today=TODAY,
        now=NOW,
    )
    assert note.applied == d("50.00") and note.to_credit == 0
    assert inv.amount_credited == d("50.00") and inv.status == "Partially Paid"
    with pytest.raises(InvalidFields):
        CreditNote.issue(
            id=uuid.uuid4(),
            number="x",
            invoice=inv,
            credited_so_far=d("50.00"),
            amount=inv.totals.total,
            reason="again",
            today=TODAY,
            now=NOW,
        )


def test_a_draft_cannot_be_credited():
    with pytest.raises(InvalidTransition):
        CreditNote.issue(
            id=uuid.uuid4(),
            number="x",
            invoice=invoice(),
            credited_so_far=d("0"),
            amount=d("1.00"),
            reason="r",
            today=TODAY,
            now=NOW,
        )


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-5, "current"),
        (0, "current"),
        (1, "1_30"),
        (30, "1_30"),
        (31, "31_60"),
        (60, "31_60"),
        (61, "61_90"),
        (90, "61_90"),
        (91, "over_90"),
    ],
)
def test_ageing_buckets_have_domain_boundaries(days, bucket):
    assert bucket_for(days) == bucket


@pytest.mark.parametrize(
    ("days", "level"), [(0, 0), (1, 1), (14, 1), (15, 2), (30, 3), (59, 3), (60, 4), (400, 4)]
)
def test_dunning_levels_grow_with_days_past_due(days, level):
    assert dunning_level(days) == level


def test_ageing_per_account_and_total_on_a_fixed_date():
    as_of = date(2026, 6, 30)
    items = [
        OpenItem(uuid.uuid4(), A, "EUR", date(2026, 7, 10), d("100"), d("0"), d("0")),
        OpenItem(uuid.uuid4(), A, "EUR", date(2026, 6, 1), d("100"), d("40"), d("0")),
        OpenItem(uuid.uuid4(), B, "EUR", date(2026, 3, 1), d("80"), d("0"), d("5")),
        OpenItem(uuid.uuid4(), B, "EUR", date(2026, 6, 1), d("10"), d("10"), d("0")),  # paid
        OpenItem(uuid.uuid4(), B, "USD", date(2026, 5, 1), d("7"), d("0"), d("0")),
    ]
    report = ageing(items, as_of)
    rows = {(r.account_id, r.currency): r for r in report.accounts}
    assert rows[(A, "EUR")].buckets["current"] == d("100")
    assert rows[(A, "EUR")].buckets["1_30"] == d("60")
    assert rows[(B, "EUR")].buckets["over_90"] == d("75")
    assert rows[(B, "USD")].buckets["31_60"] == d("7")
    eur = next(t for t in report.totals if t.currency == "EUR")
    assert eur.total == d("235") and eur.invoices == 3


def test_kpis_revenue_dso_and_collection_rate():
    sales = [
        Sale(date(2026, 1, 15), "EUR", d("1000")),
        Sale(date(2026, 2, 10), "EUR", d("500")),
        Sale(date(2026, 2, 20), "EUR", d("-100")),
    ]
    [k] = compute_kpis(
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        granularity="month",
        sales=sales,
        receivables_start={"EUR": d("600")},
        receivables_end={"EUR": d("700")},
        collected={"EUR": d("1300")},
    )
    assert k.revenue_by_period == {"2026-01": d("1000"), "2026-02": d("400")}
    assert k.revenue == d("1400")
    assert k.dso_days == d("45.0")  # 700 / 1400 x 90 days
    assert k.collection_rate == d("0.6500")  # 1300 / (600 + 1400)
    assert period_key(date(2026, 5, 1), "quarter") == "2026-Q2"


def test_kpis_without_sales_have_no_dso():
    [k] = compute_kpis(
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
        granularity="year",
        sales=[],
        receivables_start={},
        receivables_end={"EUR": d("5")},
        collected={},
    )
    assert k.dso_days is None and k.collection_rate is None
