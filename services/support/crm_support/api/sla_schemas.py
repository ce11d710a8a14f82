"""Bodies and answers of calendars, SLA policies and a ticket's SLA."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import Field

from crm_chassis.http import Schema
from crm_support.domain.calendars import Calendar, CalendarFields
from crm_support.domain.sla import TargetState
from crm_support.domain.sla_policies import PolicyFields, SlaPolicy
from crm_support.service.sla import TicketSla


class IntervalIn(Schema):
    start: str = Field(description="Local wall time HH:MM", examples=["09:00"])
    end: str = Field(description="Local wall time HH:MM (24:00: midnight)", examples=["17:00"])


class Hours(Schema):
    monday: list[IntervalIn] = Field(default_factory=list)
    tuesday: list[IntervalIn] = Field(default_factory=list)
    wednesday: list[IntervalIn] = Field(default_factory=list)
    thursday: list[IntervalIn] = Field(default_factory=list)
    friday: list[IntervalIn] = Field(default_factory=list)
    saturday: list[IntervalIn] = Field(default_factory=list)
    sunday: list[IntervalIn] = Field(default_factory=list)


class Sent(Schema):
    @property
    def sent(self) -> frozenset[str]:
        return frozenset(self.model_fields_set)


class CalendarIn(Sent):
    name: str = Field(max_length=200)
    time_zone: str = Field(max_length=64, examples=["Europe/Berlin"])
    hours: Hours
    holiday_country: str | None = Field(None, max_length=8, examples=["DE"])
    holiday_subdivision: str | None = Field(None, max_length=16, examples=["BE"])
    holidays: list[date] = Field(default_factory=list, max_length=1000)


class CalendarPatch(Sent):
    name: str | None = Field(None, max_length=200)
    time_zone: str | None = Field(None, max_length=64)
    hours: Hours | None = None
    holiday_country: str | None = Field(None, max_length=8)
    holiday_subdivision: str | None = Field(None, max_length=16)
    holidays: list[date] | None = Field(None, max_length=1000)


class CalendarOut(Schema):
    id: UUID
    name: str
    time_zone: str
    hours: dict[str, list[IntervalIn]]
    holiday_country: str | None
    holiday_subdivision: str | None
    holidays: list[date]
    created_at: datetime
    updated_at: datetime
    version: int


class SlaPolicyIn(Sent):
    name: str = Field(max_length=200)
    priority: str | None = None
    calendar_id: UUID
    first_response_minutes: int | None = None
    next_response_minutes: int | None = None
    resolution_minutes: int | None = None


class SlaPolicyPatch(Sent):
    name: str | None = Field(None, max_length=200)
    priority: str | None = None
    calendar_id: UUID | None = None
    first_response_minutes: int | None = None
    next_response_minutes: int | None = None
    resolution_minutes: int | None = None


class SlaPolicyOut(Schema):
    id: UUID
    name: str
    priority: str | None
    calendar_id: UUID
    first_response_minutes: int | None
    next_response_minutes: int | None
    resolution_minutes: int | None
    created_at: datetime
    updated_at: datetime
    version: int


class SlaTargetOut(Schema):
    target: str = Field(description="first_response, next_response or resolution")
    minutes: int = Field(description="The target in business minutes")
    started_at: datetime
    due_at: datetime | None = Field(description="null while the clock is paused or stopped")
    met_at: datetime | None
    remaining_minutes: int = Field(description="Business minutes left (negative: overdue)")
    paused: bool
    met: bool
    breached: bool
    stopped: bool = Field(description="The ticket closed before the target was met")


class TicketSlaOut(Schema):
    ticket_id: UUID
    policy_id: UUID | None
    policy_name: str | None
    calendar_id: UUID | None
    targets: list[SlaTargetOut]


def calendar_fields(body: CalendarIn | CalendarPatch) -> CalendarFields:
    hours = body.hours.model_dump() if body.hours is not None else None
    return CalendarFields(
        name=body.name,
        time_zone=body.time_zone,
        hours=hours,
        holiday_country=body.holiday_country,
        holiday_subdivision=body.holiday_subdivision,
        holidays=body.holidays,
    )


def policy_fields(body: SlaPolicyIn | SlaPolicyPatch) -> PolicyFields:
    return PolicyFields(**body.model_dump())


def calendar_out(c: Calendar) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "time_zone": c.time_zone,
        "hours": c.hours_out(),
        "holiday_country": c.holiday_country,
        "holiday_subdivision": c.holiday_subdivision,
        "holidays": list(c.holidays),
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "version": c.version,
    }


def policy_out(p: SlaPolicy) -> dict[str, Any]:
    return {name: getattr(p, name) for name in SlaPolicyOut.model_fields}


def target_out(t: TargetState) -> dict[str, Any]:
    return {name: getattr(t, name) for name in SlaTargetOut.model_fields}


def sla_out(sla: TicketSla) -> dict[str, Any]:
    """A ticket's ``sla`` member (and ``GET /tickets/{id}/sla``)."""
    return {
        "ticket_id": sla.ticket_id,
        "policy_id": sla.policy.id if sla.policy else None,
        "policy_name": sla.policy.name if sla.policy else None,
        "calendar_id": sla.calendar.id if sla.calendar else None,
        "targets": [target_out(t) for t in sla.targets],
    }
