"""The KPI report's marketing ROI section, read from marketing over gRPC with the caller's
token (so marketing applies the caller's campaign rights).

Like contacts' 360 view, a source that is down costs its section only: the section then
says ``unavailable`` with a note, and the rest of the report is answered as usual; a caller
marketing refuses gets ``forbidden``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from crm_chassis.errors import Forbidden, Unavailable
from crm_chassis.logging import get_logger
from crm_sales.domain.ports import CampaignRoiLine, MarketingRoi

log = get_logger(__name__)
OK, UNAVAILABLE, FORBIDDEN = "ok", "unavailable", "forbidden"
#: Campaigns listed in the section (the best by won revenue); the sums cover all.
TOP = 5


def _start(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time.min, UTC)


def _end(day: date | None) -> datetime | None:
    """The report's ``to`` date is inclusive: marketing's period ends the next midnight."""
    return None if day is None else datetime.combine(day + timedelta(days=1), time.min, UTC)


def _amount(value: str) -> Decimal:
    try:
        return Decimal(value) if value else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def _ratio(won: Decimal, cost: Decimal) -> str | None:
    if cost == 0:
        return None
    return str(((won - cost) / cost).quantize(Decimal("0.0001")))


def _line(c: CampaignRoiLine) -> dict[str, Any]:
    return {
        "campaign_id": c.campaign_id,
        "name": c.name,
        "currency": c.currency,
        "actual_cost": c.actual_cost or None,
        "leads": c.leads,
        "conversions": c.conversions,
        "won": c.won_opportunities,
        "won_revenue": c.won_revenue,
        "roi": c.roi or None,
    }


class MarketingRoiSection:
    def __init__(self, marketing: MarketingRoi) -> None:
        self.marketing = marketing

    def section(self, start: date | None, end: date | None, *, token: str | None) -> dict[str, Any]:
        """The section: per currency totals and ROI, the top campaigns; or why it is absent."""
        try:
            found = self.marketing.campaign_roi(_start(start), _end(end), token=token)
        except Forbidden:
            return {"status": FORBIDDEN, "note": "marketing does not show you campaigns."}
        except Unavailable as exc:
            log.warning("kpis.marketing_unavailable", error=str(exc))
            return {"status": UNAVAILABLE, "note": "marketing did not answer; ROI is left out."}
        currencies = sorted(set(found.total_actual_cost) | set(found.total_won_revenue))
        totals = []
        for currency in currencies:
            cost = _amount(found.total_actual_cost.get(currency, ""))
            won = _amount(found.total_won_revenue.get(currency, ""))
            totals.append(
                {
                    "currency": currency,
                    "actual_cost": str(cost),
                    "won_revenue": str(won),
                    "roi": _ratio(won, cost),
                }
            )
        best = sorted(found.campaigns, key=lambda c: _amount(c.won_revenue), reverse=True)
        return {
            "status": OK,
            "campaigns": len(found.campaigns),
            "totals": totals,
            "top_campaigns": [_line(c) for c in best[:TOP]],
        }
