"""Quote arithmetic: per-line half-up rounding to cents, totals as sums of printed lines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_sales.domain.pricing import DiscountTooLarge, document_totals, line_amounts

D = Decimal
quantities = st.decimals(min_value=D("0.001"), max_value=D("10000"), places=3)
prices = st.decimals(min_value=D("0"), max_value=D("100000"), places=4)
percents = st.decimals(min_value=D("0"), max_value=D("100"), places=2)


def test_half_up_rounding_of_half_a_cent() -> None:
    line = line_amounts(D("1"), D("0.005"), tax_percent=D("0"))
    assert line.gross == D("0.01")  # banker's rounding would give 0.00
    assert line_amounts(D("3"), D("0.335")).gross == D("1.01")


def test_percent_discount_then_tax_on_the_net() -> None:
    line = line_amounts(D("3"), D("19.99"), discount_percent=D("10"), tax_percent=D("19"))
    assert (line.gross, line.discount, line.net, line.tax, line.total) == (
        D("59.97"),
        D("6.00"),
        D("53.97"),
        D("10.25"),
        D("64.22"),
    )


def test_a_discount_amount_larger_than_the_line_is_refused() -> None:
    # Changed for case 13 (one rule everywhere): it used to be capped at the line.
    with pytest.raises(DiscountTooLarge):
        line_amounts(D("1"), D("5"), discount_amount=D("9"))
    assert line_amounts(D("1"), D("5"), discount_amount=D("5")).total == D("0.00")


def test_multi_line_discounts_add_up() -> None:
    lines = [
        line_amounts(D("2"), D("10"), discount_percent=D("15")),
        line_amounts(D("1"), D("99.99"), discount_amount=D("9.99")),
        line_amounts(D("7"), D("0.333"), discount_percent=D("33.33"), tax_percent=D("7")),
    ]
    totals = document_totals(lines, shipping=D("4.95"), adjustment=D("-1"))
    assert totals.subtotal == D("20.00") + D("99.99") + D("2.33")
    assert totals.discount_total == D("3.00") + D("9.99") + D("0.78")
    assert totals.grand_total == D("20.00") + D("99.99") + D("2.33") - D("13.77") + D("0.11") + D(
        "4.95"
    ) - D("1")


@given(quantities, prices, percents, percents)
def test_every_line_amount_is_in_cents_and_consistent(q, price, disc, tax) -> None:
    line = line_amounts(q, price, discount_percent=disc, tax_percent=tax)
    for amount in (line.gross, line.discount, line.net, line.tax, line.total):
        assert amount == amount.quantize(D("0.01"))
        assert amount >= 0
    assert line.net == line.gross - line.discount
    assert line.total == line.net + line.tax
    assert line.discount <= line.gross
    assert abs(line.gross - q * price) <= D("0.005")


@given(
    st.lists(st.tuples(quantities, prices, percents, percents), min_size=1, max_size=8),
    st.decimals(min_value=D("0"), max_value=D("1000"), places=2),
    st.decimals(min_value=D("-1000"), max_value=D("1000"), places=2),
)
def test_grand_total_is_the_sum_of_the_printed_lines(items, shipping, adjustment) -> None:
    lines = [line_amounts(q, p, discount_percent=d, tax_percent=t) for q, p, d, t in items]
    totals = document_totals(lines, shipping=shipping, adjustment=adjustment)
    assert totals.grand_total == sum((ln.total for ln in lines), D("0")) + shipping + adjustment
    assert totals.subtotal - totals.discount_total == sum((ln.net for ln in lines), D("0"))
