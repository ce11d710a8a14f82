"""Quote approval limits: which quotes a role's limit covers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_chassis.errors import InvalidFields
from crm_sales.domain.approval import (
    UNLIMITED,
    ApprovalLimit,
    ApprovalLimits,
    check_limits,
    discount_percent,
)

D = Decimal
REP = ApprovalLimit("rep", D("1000"), "EUR", D("10"))


def test_a_limit_covers_the_total_in_its_currency_and_the_discount() -> None:
    assert REP.covers(D("1000"), "EUR", D("10"))
    assert not REP.covers(D("1000.01"), "EUR", D("0"))
    assert not REP.covers(D("5"), "USD", D("0"))  # never converted
    assert not REP.covers(D("5"), "EUR", D("10.01"))
    assert UNLIMITED.covers(D("12000000"), "JPY", D("100"))


def test_administrators_are_unlimited_and_unnamed_roles_have_the_default() -> None:
    limits = ApprovalLimits(ApprovalLimit(max_grand_total=D("50"), currency="EUR"), (REP,))
    assert limits.of("rep", is_admin=False) is REP
    assert limits.of("other", is_admin=False).max_grand_total == D("50")
    assert limits.of("rep", is_admin=True) is UNLIMITED


def test_the_discount_percent_is_of_the_subtotal() -> None:
    assert discount_percent(D("200"), D("30")) == D("15.00")
    assert discount_percent(D("0"), D("0")) == D("0")


def test_a_bad_document_names_every_field() -> None:
    with pytest.raises(InvalidFields) as caught:
        check_limits(
            {"max_grand_total": "10", "currency": "EURO"},
            [{"max_discount_percent": "-1"}, {"role_id": "a"}, {"role_id": "a"}],
        )
    fields = {e.field for e in caught.value.errors}
    assert fields == {
        "default.currency",
        "roles.0.role_id",
        "roles.0.max_discount_percent",
        "roles.2.role_id",
    }
