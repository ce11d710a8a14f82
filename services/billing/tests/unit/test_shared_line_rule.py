"""Billing's lines follow the suite's one line rule (crm_lines), as sales' quotes do."""

from decimal import Decimal

import crm_lines
from crm_billing.domain.lines import LineInput, check_lines
from crm_chassis.fields import Checker

D = Decimal


def _line(**numbers: str) -> LineInput:
    values = {"quantity": D("1"), "unit_price": D("10"), **{k: D(v) for k, v in numbers.items()}}
    return LineInput(description="item", **values)


def test_a_discount_larger_than_the_line_is_refused_naming_the_field() -> None:
    check = Checker()
    assert check_lines([_line(discount_amount="12")], "EUR", check) == []
    assert [e.field for e in check.errors] == ["lines[0].discount_amount"]


def test_the_same_line_gives_the_same_amounts_as_the_shared_rule() -> None:
    check = Checker()
    [line] = check_lines(
        [_line(quantity="3", unit_price="0.335", discount_percent="10", tax_percent="19")],
        "EUR",
        check,
    )
    shared = crm_lines.line_amounts(
        D("3"), D("0.335"), discount_percent=D("10"), tax_percent=D("19")
    )
    assert (line.gross, line.discount_amount, line.net, line.tax) == (
        shared.gross,
        shared.discount,
        shared.net,
        shared.tax,
    )
