"""One line, one kind of discount: the same refusal in every document."""

from decimal import Decimal

import pytest

from crm_lines import TwoDiscounts, line_amounts, two_discounts


def test_a_line_with_a_percent_and_an_amount_is_refused() -> None:
    assert two_discounts(Decimal(10), Decimal(5))
    assert not two_discounts(Decimal(10), None)
    assert not two_discounts(Decimal(0), Decimal(5))
    with pytest.raises(TwoDiscounts):
        line_amounts(
            Decimal(1), Decimal(100), discount_percent=Decimal(10), discount_amount=Decimal(5)
        )
