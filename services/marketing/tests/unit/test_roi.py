"""ROI arithmetic: per-lead and per-conversion costs, the ratio, other currencies."""

from __future__ import annotations

import uuid
from decimal import Decimal

from crm_marketing.domain.roi import RoiFacts, campaign_roi, roi_ratio


def _roi(cost: str | None, **facts: object):
    return campaign_roi(
        campaign_id=uuid.uuid4(),
        name="c",
        status="Active",
        currency="EUR",
        actual_cost=None if cost is None else Decimal(cost),
        facts=RoiFacts(**facts),
    )


def test_ratio_is_null_without_a_cost() -> None:
    assert roi_ratio(Decimal("100"), Decimal(0)) is None
    assert roi_ratio(Decimal("100"), None) is None
    assert roi_ratio(Decimal("50"), Decimal("200")) == Decimal("-0.7500")


def test_costs_per_lead_and_conversion_round_to_the_currency() -> None:
    r = _roi("100", leads=3, conversions=0, revenue={"EUR": Decimal("400"), "USD": Decimal("9")})
    assert r.cost_per_lead == Decimal("33.33") and r.cost_per_conversion is None
    assert r.won_revenue == Decimal("400.00") and r.roi == Decimal("3.0000")
    assert r.other_revenue == {"USD": Decimal("9")}


def test_no_facts_no_figures() -> None:
    r = _roi(None)
    assert (r.cost_per_lead, r.cost_per_conversion, r.roi) == (None, None, None)
    assert r.won_revenue == Decimal("0.00")
