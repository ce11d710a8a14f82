"""The shared line rule: examples, and properties over random lines (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_lines import (
    DiscountTooLarge,
    TwoDiscounts,
    cents,
    document_totals,
    line_amounts,
    line_field,
)

D = Decimal


def test_a_line_rounds_half_up_to_cents_at_each_step() -> None:
    a = line_amounts(D("3"), D("0.335"), discount_percent=D("10"), tax_percent=D("19"))
    assert (a.gross, a.discount, a.net, a.tax, a.total) == (
        D("1.01"),
        D("0.10"),
        D("0.91"),
        D("0.17"),
        D("1.08"),
    )


def test_a_zero_discount_amount_means_none() -> None:
    # Both kinds on one line are refused (test_two_discounts.py); a zero is no discount.
    b = line_amounts(D("2"), D("10"), discount_percent=D("50"), discount_amount=D("0"))
    assert b.discount == D("10.00")


def test_a_discount_larger_than_the_line_is_refused() -> None:
    with pytest.raises(DiscountTooLarge) as caught:
        line_amounts(D("1"), D("10"), discount_amount=D("10.01"))
    assert (caught.value.discount, caught.value.gross) == (D("10.01"), D("10.00"))
    assert line_amounts(D("1"), D("10"), discount_amount=D("10")).total == D("0.00")
    assert line_field(2, "discount_amount") == "lines[2].discount_amount"


def test_a_currency_without_cents_rounds_to_units() -> None:
    a = line_amounts(D("3"), D("333.5"), tax_percent=D("10"), quantum=D("1"))
    assert (a.gross, a.tax, a.total) == (D("1001"), D("100"), D("1101"))


def test_document_totals_add_the_printed_lines() -> None:
    lines = [
        line_amounts(D("1"), D("9.99"), tax_percent=D("20")),
        line_amounts(D("2"), D("5"), discount_percent=D("10"), tax_percent=D("7")),
    ]
    t = document_totals(lines, shipping=D("4.999"), adjustment=D("-1"))
    assert (t.subtotal, t.discount_total, t.tax_total, t.shipping, t.grand_total) == (
        D("19.99"),
        D("1.00"),
        D("2.63"),
        D("5.00"),
        D("25.62"),
    )


quantities = st.decimals(min_value=D("0.001"), max_value=D("10000"), places=3)
prices = st.decimals(min_value=D("0"), max_value=D("100000"), places=4)
percents = st.decimals(min_value=D("0"), max_value=D("100"), places=2)
amounts = st.one_of(st.none(), st.decimals(min_value=D("0"), max_value=D("2000000"), places=2))
quanta = st.sampled_from([D("0.01"), D("1"), D("0.001")])


@settings(max_examples=50, deadline=None)
@given(quantities, prices, percents, amounts, percents, quanta)
def test_every_line_is_consistent_or_refused(
    qty: Decimal,
    price: Decimal,
    pct: Decimal,
    amount: Decimal | None,
    tax: Decimal,
    quantum: Decimal,
) -> None:
    try:
        a = line_amounts(
            qty,
            price,
            discount_percent=pct,
            discount_amount=amount,
            tax_percent=tax,
            quantum=quantum,
        )
    except DiscountTooLarge as refused:
        assert amount is not None and refused.discount > refused.gross
        return
    except TwoDiscounts:
        assert pct and amount
        return
    for value in (a.gross, a.discount, a.net, a.tax, a.total):
        assert value == cents(value, quantum) and value >= 0
    assert a.net == a.gross - a.discount and a.total == a.net + a.tax
    assert a.discount <= a.gross


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(quantities, prices, percents, percents), min_size=1, max_size=8))
def test_the_grand_total_is_the_sum_of_the_lines_totals(
    rows: list[tuple[Decimal, Decimal, Decimal, Decimal]],
) -> None:
    lines = [line_amounts(q, p, discount_percent=d, tax_percent=t) for q, p, d, t in rows]
    totals = document_totals(lines)
    assert totals.grand_total == sum((ln.total for ln in lines), D(0))
    assert totals.subtotal - totals.discount_total == sum((ln.net for ln in lines), D(0))
