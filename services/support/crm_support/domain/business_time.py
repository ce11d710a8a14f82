"""Business time: working hours per weekday in a time zone, minus holidays.

A calendar's working time is the set of instants whose **wall-clock time** in the
calendar's zone falls in one of the day's working intervals, on a day that is not a
holiday. Everything below follows from that one definition (docs/domain.md, "SLAs"):

- An interval is given in local wall time, ``[start, end)`` in minutes since midnight
  (``end`` may be 1440, midnight at the end of the day).
- On the spring-forward day, wall times that do not exist (02:00-03:00 in Europe/Berlin)
  are never on the clock, so they are never worked: an interval 01:00-04:00 gives two hours.
- On the fall-back day, wall times that happen twice (02:00-03:00 in Berlin) are on the
  clock twice, and both are worked: an interval 01:00-04:00 gives four hours.

Arithmetic is in whole seconds on UTC instants; minutes are what the API shows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

#: Weekday numbers as ``date.weekday()`` gives them (Monday 0).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_MINUTES = 1440
#: How far add_business_minutes looks for working time before giving up (a calendar whose
#: every day is a holiday must not loop for ever).
SEARCH_DAYS = 3 * 366

Segment = tuple[datetime, datetime]


class NoWorkingTime(ValueError):
    """The calendar has no working time in reach (no hours, or holidays everywhere)."""


@dataclass(frozen=True, order=True)
class Interval:
    """Working time of one day in local wall time: ``[start, end)`` minutes since midnight."""

    start: int
    end: int


@dataclass(frozen=True)
class BusinessCalendar:
    """Working hours per weekday, a time zone, public holidays of a country, one-off dates."""

    time_zone: str
    # weekday (Monday 0) -> ordered, non-overlapping intervals; a missing day is not worked.
    hours: Mapping[int, tuple[Interval, ...]]
    holiday_country: str | None = None
    holiday_subdivision: str | None = None
    extra_holidays: frozenset[date] = field(default_factory=frozenset)

    def __hash__(self) -> int:  # Mapping fields are not hashable; the cache needs a key.
        return hash(self._key())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BusinessCalendar) and self._key() == other._key()

    def _key(self) -> tuple[object, ...]:
        hours = tuple(sorted((d, tuple(i)) for d, i in self.hours.items()))
        return (
            self.time_zone,
            hours,
            self.holiday_country,
            self.holiday_subdivision,
            self.extra_holidays,
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def is_holiday(self, day: date) -> bool:
        if day in self.extra_holidays:
            return True
        if self.holiday_country is None:
            return False
        return day in public_holidays(self.holiday_country, self.holiday_subdivision, day.year)

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        """The working intervals of a local date (none on a holiday)."""
        if self.is_holiday(day):
            return ()
        return tuple(self.hours.get(day.weekday(), ()))

    def segments_on(self, day: date) -> tuple[Segment, ...]:
        """The UTC segments whose wall time is working time on the local date ``day``."""
        return _segments(self, day)

    def is_working(self, moment: datetime) -> bool:
        """Whether the wall clock shows working time at ``moment`` (the definition above)."""
        local = moment.astimezone(self.zone)
        minute = local.hour * 60 + local.minute
        return any(i.start <= minute < i.end for i in self.intervals_on(local.date()))


@lru_cache(maxsize=256)
def public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """A country's (or a subdivision's) public holidays of one year, from ``holidays``."""
    import holidays  # imported here: loading the country tables costs time at start-up

    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


def known_country(country: str, subdivision: str | None = None) -> bool:
    """Whether the ``holidays`` package knows the country (and subdivision)."""
    import holidays

    try:
        holidays.country_holidays(country, subdiv=subdivision, years=2026)
    except NotImplementedError:
        return False
    return True


def known_time_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone of the system's database."""
    if name not in _zones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


# -- the arithmetic ---------------------------------------------------------------------------


def add_business_minutes(calendar: BusinessCalendar, start: datetime, minutes: int) -> datetime:
    """The earliest instant ``t >= start`` with ``minutes`` of working time in ``[start, t)``."""
    return add_business_seconds(calendar, start, minutes * 60)


def add_business_seconds(calendar: BusinessCalendar, start: datetime, seconds: int) -> datetime:
    """The earliest instant ``t >= start`` with ``seconds`` of working time in ``[start, t)``."""
    remaining = timedelta(seconds=seconds)
    if remaining <= timedelta(0):
        return start
    for begin, end in _segments_from(calendar, start):
        begin = max(begin, start)
        if end - begin >= remaining:
            return begin + remaining
        remaining -= end - begin
    raise NoWorkingTime(f"no working time within {SEARCH_DAYS} days")


def business_seconds_between(calendar: BusinessCalendar, a: datetime, b: datetime) -> int:
    """Working seconds in ``[a, b)``; negative when ``b`` is before ``a``."""
    if b < a:
        return -business_seconds_between(calendar, b, a)
    total = timedelta(0)
    day = a.astimezone(calendar.zone).date() - timedelta(days=1)
    last = b.astimezone(calendar.zone).date() + timedelta(days=1)
    while day <= last:
        for begin, end in calendar.segments_on(day):
            lo, hi = max(begin, a), min(end, b)
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return int(total.total_seconds())


def business_minutes_between(calendar: BusinessCalendar, a: datetime, b: datetime) -> int:
    """Whole working minutes in ``[a, b)`` (rounded towards zero)."""
    seconds = business_seconds_between(calendar, a, b)
    return seconds // 60 if seconds >= 0 else -(-seconds // 60)


def _segments_from(calendar: BusinessCalendar, start: datetime) -> Iterator[Segment]:
    """Working segments ending after ``start``, in time order."""
    day = start.astimezone(calendar.zone).date() - timedelta(days=1)
    for _ in range(SEARCH_DAYS):
        for segment in calendar.segments_on(day):
            if segment[1] > start:
                yield segment
        day += timedelta(days=1)


@lru_cache(maxsize=8192)
def _segments(calendar: BusinessCalendar, day: date) -> tuple[Segment, ...]:
    intervals = calendar.intervals_on(day)
    if not intervals:
        return ()
    zone = calendar.zone
    midnight = datetime.combine(day, time(0))
    # The UTC instants whose wall time can be on ``day``, cut where the offset changes.
    lo = midnight.replace(tzinfo=zone).astimezone(UTC) - timedelta(hours=3)
    hi = (midnight + timedelta(days=1)).replace(tzinfo=zone).astimezone(UTC) + timedelta(hours=3)
    found: list[Segment] = []
    for a, b, offset in _offset_pieces(zone, lo, hi):
        wall_a = a.replace(tzinfo=None) + offset
        wall_b = b.replace(tzinfo=None) + offset
        for interval in intervals:
            start = max(midnight + timedelta(minutes=interval.start), wall_a)
            end = min(midnight + timedelta(minutes=interval.end), wall_b)
            if end > start:
                found.append(
                    ((start - offset).replace(tzinfo=UTC), (end - offset).replace(tzinfo=UTC))
                )
    return tuple(_merged(sorted(found)))


def _offset_pieces(
    zone: ZoneInfo, lo: datetime, hi: datetime
) -> list[tuple[datetime, datetime, timedelta]]:
    """Cut ``[lo, hi)`` (UTC) into pieces of one UTC offset each."""
    first, last = _offset(zone, lo), _offset(zone, hi - timedelta(seconds=1))
    if first == last:
        return [(lo, hi, first)]
    # Bisect to the second where the offset changes (transitions fall on whole seconds).
    a, b = lo, hi - timedelta(seconds=1)
    while b - a > timedelta(seconds=1):
        mid = a + (b - a) / 2
        mid = mid.replace(microsecond=0)
        if _offset(zone, mid) == first:
            a = mid
        else:
            b = mid
    return [(lo, b, first), *_offset_pieces(zone, b, hi)]


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    offset = moment.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _merged(segments: list[Segment]) -> Iterator[Segment]:
    """Join touching segments, so a 24-hour calendar has one segment per day."""
    current: Segment | None = None
    for begin, end in segments:
        if current is not None and begin <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            yield current
        current = (begin, end)
    if current is not None:
        yield current


def parse_clock(text: str) -> int:
    """``"09:30"`` -> 570; ``"24:00"`` -> 1440 (the end of the day)."""
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and len(hours) <= 2):
        raise ValueError("must be HH:MM")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > DAY_MINUTES:
        raise ValueError("must be a time between 00:00 and 24:00")
    return value


def format_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
