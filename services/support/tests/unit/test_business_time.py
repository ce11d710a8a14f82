"""Business-time arithmetic against a brute-force oracle that walks minute by minute.

The oracle asks the calendar's definition directly (is the wall clock in a working interval
on a working day?) for every UTC minute; the fast arithmetic must agree with it across
weekends, holidays, time zones and both daylight-saving changes of Berlin and New York.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_support.domain.business_time import (
    BusinessCalendar,
    Interval,
    NoWorkingTime,
    add_business_minutes,
    business_minutes_between,
    parse_clock,
)

ZONES = ("Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata")
# DST days of 2026: Berlin 29 Mar / 25 Oct, New York 8 Mar / 1 Nov.
DST_DAYS = (date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 11, 1))


def _oracle_minutes(cal: BusinessCalendar, a: datetime, b: datetime) -> int:
    count, t = 0, a
    while t < b:
        count += cal.is_working(t)
        t += timedelta(minutes=1)
    return count


def _oracle_add(cal: BusinessCalendar, start: datetime, minutes: int) -> datetime:
    t = start
    while minutes > 0:
        minutes -= cal.is_working(t)
        t += timedelta(minutes=1)
    return t


@st.composite
def day_hours(draw: st.DrawFn) -> tuple[Interval, ...]:
    """0-3 ordered, non-overlapping intervals on a 30-minute grid (some around 02:00-03:00,
    where the clocks change)."""
    cuts = sorted(set(draw(st.lists(st.integers(0, 48), max_size=6))))
    pairs = [(cuts[i] * 30, cuts[i + 1] * 30) for i in range(0, len(cuts) - 1, 2)]
    return tuple(Interval(a, b) for a, b in pairs if b > a)


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    hours = {d: draw(day_hours()) for d in range(7)}
    hours[draw(st.integers(0, 6))] = (Interval(120, 240),)  # never a calendar with no time
    extra = frozenset(draw(st.lists(st.sampled_from(DST_DAYS), max_size=1)))
    return BusinessCalendar(
        time_zone=draw(st.sampled_from(ZONES)),
        hours={d: h for d, h in hours.items() if h},
        holiday_country=draw(st.sampled_from([None, "DE", "US"])),
        extra_holidays=extra,
    )


@st.composite
def instants(draw: st.DrawFn) -> datetime:
    """Minute-aligned instants near the DST changes and Christmas (holidays)."""
    around = draw(st.sampled_from([*DST_DAYS, date(2026, 12, 24), date(2026, 5, 1)]))
    base = datetime.combine(around, datetime.min.time(), tzinfo=UTC)
    return base + timedelta(minutes=draw(st.integers(-2 * 1440, 2 * 1440)))


@settings(max_examples=150, deadline=None)
@given(cal=calendars(), a=instants(), span=st.integers(0, 3 * 1440))
def test_minutes_between_agrees_with_the_oracle(
    cal: BusinessCalendar, a: datetime, span: int
) -> None:
    b = a + timedelta(minutes=span)
    assert business_minutes_between(cal, a, b) == _oracle_minutes(cal, a, b)
    assert business_minutes_between(cal, b, a) == -_oracle_minutes(cal, a, b)


@settings(max_examples=150, deadline=None)
@given(cal=calendars(), start=instants(), minutes=st.integers(0, 600))
def test_add_minutes_agrees_with_the_oracle(
    cal: BusinessCalendar, start: datetime, minutes: int
) -> None:
    due = add_business_minutes(cal, start, minutes)
    assert due == _oracle_add(cal, start, minutes)
    assert business_minutes_between(cal, start, due) == minutes


BERLIN = BusinessCalendar("Europe/Berlin", {d: (Interval(60, 240),) for d in range(7)})


def test_the_hour_that_does_not_exist_is_not_worked() -> None:
    # 29 March 2026: 02:00 -> 03:00 in Berlin; 01:00-04:00 on the wall is two real hours.
    start = datetime(2026, 3, 29, 0, 0, tzinfo=UTC)  # 01:00 CET
    end = datetime(2026, 3, 29, 2, 0, tzinfo=UTC)  # 04:00 CEST
    assert business_minutes_between(BERLIN, start, end) == 120


def test_the_hour_that_happens_twice_is_worked_twice() -> None:
    # 25 October 2026: 03:00 -> 02:00 in Berlin; 01:00-04:00 on the wall is four real hours.
    start = datetime(2026, 10, 24, 23, 0, tzinfo=UTC)  # 01:00 CEST
    end = datetime(2026, 10, 25, 3, 0, tzinfo=UTC)  # 04:00 CET
    assert business_minutes_between(BERLIN, start, end) == 240


def test_weekends_and_public_holidays_are_skipped() -> None:
    nine_to_five = {d: (Interval(540, 1020),) for d in range(5)}
    cal = BusinessCalendar("Europe/Berlin", nine_to_five, holiday_country="DE")
    # Thursday 24 Dec 2026, 16:00 local; 25/26 Dec are holidays, 26/27 the weekend.
    start = datetime(2026, 12, 24, 15, 0, tzinfo=UTC)
    assert add_business_minutes(cal, start, 120) == datetime(2026, 12, 28, 9, 0, tzinfo=UTC)


def test_a_calendar_without_working_time_says_so() -> None:
    cal = BusinessCalendar("UTC", {})
    with pytest.raises(NoWorkingTime):
        add_business_minutes(cal, datetime(2026, 1, 1, tzinfo=UTC), 1)


@pytest.mark.parametrize(
    ("text", "minutes"), [("00:00", 0), ("09:30", 570), ("24:00", 1440), ("7:05", 425)]
)
def test_clock_times_parse(text: str, minutes: int) -> None:
    assert parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["24:01", "9", "09:60", "ab:cd", "-1:00", "09:5"])
def test_bad_clock_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)
