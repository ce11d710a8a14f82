"""Business calendars (administrators edit them): the hours SLA clocks run in.

The arithmetic is :mod:`crm_support.domain.business_time`; this module is the aggregate an
administrator creates and corrects, with the checks that make it usable (a known IANA time
zone, intervals in order without overlaps, a country the ``holidays`` package knows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from crm_chassis.errors import VersionMismatch
from crm_chassis.fields import Checker
from crm_support.domain.business_time import (
    WEEKDAYS,
    BusinessCalendar,
    Interval,
    format_clock,
    known_country,
    known_time_zone,
    parse_clock,
)

#: The fields of a calendar a client may send.
FIELDS = ("name", "time_zone", "hours", "holiday_country", "holiday_subdivision", "holidays")


@dataclass(frozen=True)
class CalendarFields:
    """A calendar's editable fields as a client sends them (hours as ``"HH:MM"`` texts)."""

    name: str | None = None
    time_zone: str | None = None
    # weekday name -> [{"start": "09:00", "end": "17:00"}, ...]
    hours: Mapping[str, Sequence[Mapping[str, str]]] | None = None
    holiday_country: str | None = None
    holiday_subdivision: str | None = None
    holidays: Sequence[date] | None = None


@dataclass
class Calendar:
    id: UUID
    name: str
    time_zone: str
    hours: dict[int, tuple[Interval, ...]]
    holiday_country: str | None
    holiday_subdivision: str | None
    holidays: tuple[date, ...]
    created_at: datetime
    updated_at: datetime
    version: int = 1
    events: list[Any] = field(default_factory=list)

    @classmethod
    def create(cls, *, id: UUID, fields: CalendarFields, now: datetime) -> Calendar:
        checked = _checked(fields, set(FIELDS), current=None)
        return cls(id=id, created_at=now, updated_at=now, **checked)

    def update(
        self,
        fields: CalendarFields,
        sent: set[str],
        *,
        now: datetime,
        expected_version: int | None = None,
    ) -> None:
        if expected_version is not None and expected_version != self.version:
            raise VersionMismatch(expected_version, self.version)
        for name, value in _checked(fields, sent, current=self).items():
            setattr(self, name, value)
        self.updated_at = now
        self.version += 1

    def business(self) -> BusinessCalendar:
        """The calendar the arithmetic works on."""
        return BusinessCalendar(
            time_zone=self.time_zone,
            hours=dict(self.hours),
            holiday_country=self.holiday_country,
            holiday_subdivision=self.holiday_subdivision,
            extra_holidays=frozenset(self.holidays),
        )

    def hours_out(self) -> dict[str, list[dict[str, str]]]:
        """Hours as the API shows them: every weekday, ``[]`` when not worked."""
        return {
            WEEKDAYS[d]: [
                {"start": format_clock(i.start), "end": format_clock(i.end)}
                for i in self.hours.get(d, ())
            ]
            for d in range(7)
        }


def _checked(fields: CalendarFields, sent: set[str], current: Calendar | None) -> dict[str, Any]:
    """The sent fields, checked together (every bad field named in one 422)."""
    check = Checker()
    out: dict[str, Any] = {}
    if "name" in sent:
        out["name"] = check.text("name", fields.name, required=True, max_length=200)
    if "time_zone" in sent:
        out["time_zone"] = check.required("time_zone", fields.time_zone)
        if fields.time_zone and not known_time_zone(fields.time_zone):
            check.add("time_zone", "is not a known IANA time zone (e.g. Europe/Berlin)")
    if "hours" in sent:
        out["hours"] = _hours(check, fields.hours or {})
    country = fields.holiday_country if "holiday_country" in sent else _current_country(current)
    subdivision = (
        fields.holiday_subdivision
        if "holiday_subdivision" in sent
        else (current.holiday_subdivision if current else None)
    )
    if {"holiday_country", "holiday_subdivision"} & sent:
        out["holiday_country"] = country.upper() if country else None
        out["holiday_subdivision"] = subdivision or None
        _check_country(check, out["holiday_country"], out["holiday_subdivision"])
    if "holidays" in sent:
        out["holidays"] = tuple(sorted(set(fields.holidays or ())))
    check.raise_if_any()
    return out


def _current_country(current: Calendar | None) -> str | None:
    return current.holiday_country if current else None


def _check_country(check: Checker, country: str | None, subdivision: str | None) -> None:
    if country is None:
        if subdivision:
            check.add("holiday_subdivision", "needs a holiday_country")
        return
    if not known_country(country):
        check.add("holiday_country", "is not a country the holidays package knows (ISO 3166)")
    elif subdivision and not known_country(country, subdivision):
        check.add("holiday_subdivision", f"is not a subdivision of {country}")


def _hours(
    check: Checker, hours: Mapping[str, Sequence[Mapping[str, str]]]
) -> dict[int, tuple[Interval, ...]]:
    """Weekday names -> ordered intervals; overlaps and reversed intervals are named."""
    out: dict[int, tuple[Interval, ...]] = {}
    for name, intervals in hours.items():
        if name not in WEEKDAYS:
            check.add(f"hours.{name}", "is not a weekday (monday..sunday)")
            continue
        day = _day(check, name, intervals)
        if day:
            out[WEEKDAYS.index(name)] = day
    if not out and not check.errors:
        check.add("hours", "must have at least one working interval")
    return out


def _day(check: Checker, name: str, intervals: Sequence[Mapping[str, str]]) -> tuple[Interval, ...]:
    parsed: list[Interval] = []
    for n, raw in enumerate(intervals):
        where = f"hours.{name}[{n}]"
        start = _clock(check, f"{where}.start", raw.get("start"))
        end = _clock(check, f"{where}.end", raw.get("end"))
        if start is None or end is None:
            continue
        if end <= start:
            check.add(f"{where}.end", "must be after start")
        elif parsed and start < parsed[-1].end:
            check.add(f"{where}.start", "must not be before the previous interval's end")
        else:
            parsed.append(Interval(start, end))
    return tuple(parsed)


def _clock(check: Checker, where: str, value: str | None) -> int | None:
    if value is None:
        check.add(where, "is required")
        return None
    try:
        return parse_clock(value)
    except ValueError as error:
        check.add(where, str(error))
        return None
