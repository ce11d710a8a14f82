"""The statistics' arithmetic: medians, buckets, periods, rates."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from crm_support.domain.statistics import (
    AGE_BUCKETS,
    TimeFigures,
    age_bucket,
    bucket_bounds,
    median,
    period_key,
    rate,
)

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


@given(st.lists(st.integers(0, 10**7), min_size=1))
def test_median_matches_the_standard_library(values: list[int]) -> None:
    assert median(values) == statistics.median(values)


def test_figures_ignore_unknown_durations() -> None:
    figures = TimeFigures.of([10, None, 20, 40])
    assert (figures.count, figures.average, figures.median) == (3, "23.3", "20.0")
    assert TimeFigures.of([None]) == TimeFigures(0, None, None)


@given(st.integers(0, 60 * 24 * 90))
def test_a_ticket_falls_in_exactly_the_bucket_its_bounds_say(age_minutes: int) -> None:
    created = NOW - timedelta(minutes=age_minutes)
    label = age_bucket(created, NOW)
    hits = [
        name
        for name, older, newer in bucket_bounds(NOW)
        if created <= newer and (older is None or created > older)
    ]
    assert hits == [label]


def test_bucket_edges() -> None:
    assert age_bucket(NOW, NOW) == AGE_BUCKETS[0][0]
    assert age_bucket(NOW - timedelta(days=1), NOW) == "1-3d"
    assert age_bucket(NOW - timedelta(days=400), NOW) == "30d+"


def test_periods_and_rates() -> None:
    assert period_key(NOW, "day") == "2026-03-10"
    assert period_key(NOW, "week") == "2026-W11"
    assert period_key(NOW, "month") == "2026-03"
    assert rate(1, 3) == "0.3333"
    assert rate(0, 0) is None
