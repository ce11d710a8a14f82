"""Campaign ROI: what sales' records credited to a campaign brought in a period.

Credits are facts marketing keeps from events (one per lead, form submission, conversion
and opportunity; see ``adapters/campaign_tables.py``). Per campaign and period:

- leads: leads created for the campaign in the period; submissions: its forms' submissions;
- conversions: its leads converted in the period; opportunities: its deals created in it;
- won/lost and won revenue: its deals closed in the period (revenue in the campaign's
  currency; deals in other currencies are reported apart, never converted at a guessed
  rate);
- cost per lead and per conversion: actual cost ÷ count; ROI = (won revenue - actual cost)
  ÷ actual cost. Each is None when its divisor is zero (or the cost unknown).

The actual cost is the campaign's whole cost (vtiger keeps one figure, not one per period).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from crm_chassis.money import round_money

RATIO_PLACES = Decimal("0.0001")
#: Outcomes of a credited opportunity.
OPEN, WON, LOST = "open", "won", "lost"


@dataclass(frozen=True)
class Period:
    """``start`` inclusive, ``end`` exclusive; None is open on that side."""

    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True)
class RoiFacts:
    """The counted credits of one campaign in one period."""

    submissions: int = 0
    leads: int = 0
    conversions: int = 0
    opportunities: int = 0
    won: int = 0
    lost: int = 0
    #: Won amounts by currency.
    revenue: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class CampaignRoi:
    campaign_id: UUID
    name: str
    status: str
    currency: str
    actual_cost: Decimal | None
    facts: RoiFacts
    won_revenue: Decimal
    other_revenue: dict[str, Decimal]
    cost_per_lead: Decimal | None
    cost_per_conversion: Decimal | None
    roi: Decimal | None


def _per(cost: Decimal | None, count: int, currency: str) -> Decimal | None:
    if cost is None or count == 0:
        return None
    return round_money(cost / count, currency)


def roi_ratio(won: Decimal, cost: Decimal | None) -> Decimal | None:
    """(won - cost) ÷ cost to four places; None when the cost is unknown or zero."""
    if cost is None or cost == 0:
        return None
    return ((won - cost) / cost).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def campaign_roi(
    *,
    campaign_id: UUID,
    name: str,
    status: str,
    currency: str,
    actual_cost: Decimal | None,
    facts: RoiFacts,
) -> CampaignRoi:
    """The ROI figures of one campaign from its counted credits."""
    won = round_money(facts.revenue.get(currency, Decimal(0)), currency)
    others = {c: a for c, a in sorted(facts.revenue.items()) if c != currency}
    return CampaignRoi(
        campaign_id=campaign_id,
        name=name,
        status=status,
        currency=currency,
        actual_cost=actual_cost,
        facts=facts,
        won_revenue=won,
        other_revenue=others,
        cost_per_lead=_per(actual_cost, facts.leads, currency),
        cost_per_conversion=_per(actual_cost, facts.conversions, currency),
        roi=roi_ratio(won, actual_cost),
    )
