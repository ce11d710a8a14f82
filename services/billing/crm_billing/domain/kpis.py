"""Finance KPIs over a period [start, end], each per currency (no conversion is guessed).

- revenue by period: issued invoice totals (by invoice date) minus credit notes (by issue
  date), per month, quarter or year;
- outstanding receivables: open balances at the end of the period (as ageing computes);
- DSO (days sales outstanding): receivables at the end / credit sales in the period x
  days in the period (None without sales);
- collection rate: money collected on invoices in the period (allocations dated in it)
  / (receivables at the start + credit sales in the period), as a ratio (None when
  nothing was owed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from crm_chassis.money import ZERO

GRANULARITIES = ("month", "quarter", "year")


def period_key(day: date, granularity: str) -> str:
    if granularity == "year":
        return f"{day.year}"
    if granularity == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


@dataclass(frozen=True)
class Sale:
    """An issued invoice (+) or a credit note (-), dated."""

    on: date
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class Kpis:
    currency: str
    revenue_by_period: dict[str, Decimal]
    revenue: Decimal
    receivables_start: Decimal
    outstanding_receivables: Decimal
    collected: Decimal
    dso_days: Decimal | None
    collection_rate: Decimal | None


def revenue_by_period(sales: Iterable[Sale], granularity: str) -> dict[str, dict[str, Decimal]]:
    out: dict[str, dict[str, Decimal]] = {}
    for sale in sales:
        per = out.setdefault(sale.currency, {})
        key = period_key(sale.on, granularity)
        per[key] = per.get(key, ZERO) + sale.amount
    return {c: dict(sorted(v.items())) for c, v in out.items()}


def compute_kpis(
    *,
    start: date,
    end: date,
    granularity: str,
    sales: list[Sale],
    receivables_start: dict[str, Decimal],
    receivables_end: dict[str, Decimal],
    collected: dict[str, Decimal],
) -> list[Kpis]:
    """Combine the period's facts into the KPIs, one entry per currency seen."""
    by_period = revenue_by_period(sales, granularity)
    days = Decimal((end - start).days + 1)
    currencies = sorted(
        set(by_period) | set(receivables_start) | set(receivables_end) | set(collected)
    )
    out = []
    for cur in currencies:
        revenue = sum(by_period.get(cur, {}).values(), ZERO)
        ar_start = receivables_start.get(cur, ZERO)
        ar_end = receivables_end.get(cur, ZERO)
        got = collected.get(cur, ZERO)
        dso = None
        if revenue > 0:
            dso = (ar_end / revenue * days).quantize(Decimal("0.1"), ROUND_HALF_UP)
        owed = ar_start + revenue
        rate = (got / owed).quantize(Decimal("0.0001"), ROUND_HALF_UP) if owed > 0 else None
        out.append(Kpis(cur, by_period.get(cur, {}), revenue, ar_start, ar_end, got, dso, rate))
    return out
