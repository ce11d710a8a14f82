"""Support statistics: the arithmetic of the reports, pure (SQL selects, this summarises).

Times are business minutes (the ticket's SLA calendar), computed once when a ticket closes
and kept in ``ticket_facts``; open tickets' ages are wall-clock (how long the customer has
waited), bucketed by :data:`AGE_BUCKETS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

#: Backlog age buckets: (label, lower bound inclusive, upper bound exclusive or None).
AGE_BUCKETS: tuple[tuple[str, timedelta, timedelta | None], ...] = (
    ("0-1d", timedelta(0), timedelta(days=1)),
    ("1-3d", timedelta(days=1), timedelta(days=3)),
    ("3-7d", timedelta(days=3), timedelta(days=7)),
    ("7-14d", timedelta(days=7), timedelta(days=14)),
    ("14-30d", timedelta(days=14), timedelta(days=30)),
    ("30d+", timedelta(days=30), None),
)
GROUPINGS = ("agent", "team", "period", "priority")
GRANULARITIES = ("day", "week", "month")


def age_bucket(created_at: datetime, now: datetime) -> str:
    """The label of the bucket an open ticket created at ``created_at`` falls in."""
    age = max(now - created_at, timedelta(0))
    for label, low, high in AGE_BUCKETS:
        if age >= low and (high is None or age < high):
            return label
    return AGE_BUCKETS[-1][0]


def bucket_bounds(now: datetime) -> list[tuple[str, datetime | None, datetime]]:
    """Each bucket as created_at bounds (older than or equal to the lower, newer than the
    upper), so a report counts each with one indexed range condition."""
    bounds = []
    for label, low, high in AGE_BUCKETS:
        bounds.append((label, now - high if high is not None else None, now - low))
    return bounds


def median(values: Sequence[float]) -> float | None:
    """The median (mean of the middle two for an even count); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


def rounded(value: float | Decimal | None, places: int = 1) -> str | None:
    """A figure as a decimal string (half up), None for no figure."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return str(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def rate(part: int, whole: int) -> str | None:
    """A ratio as a decimal string with four places; None when there is nothing to divide."""
    if whole == 0:
        return None
    return rounded(Decimal(part) / Decimal(whole), 4)


@dataclass(frozen=True)
class TimeFigures:
    """Count, mean and median of a list of business-minute durations."""

    count: int
    average: str | None
    median: str | None

    @classmethod
    def of(cls, minutes: Iterable[int | None]) -> TimeFigures:
        known = [m for m in minutes if m is not None]
        mean = sum(known) / len(known) if known else None
        return cls(len(known), rounded(mean), rounded(median(known)))


def period_key(moment: datetime, granularity: str) -> str:
    """``2026-03-02`` (day), ``2026-W10`` (ISO week) or ``2026-03`` (month)."""
    if granularity == "day":
        return moment.date().isoformat()
    if granularity == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{moment.year}-{moment.month:02d}"
