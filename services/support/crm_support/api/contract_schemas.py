"""Bodies and queries of service contracts, feedback and the support reports.

Units are decimal strings. A response field the caller's field access hides is left out
(absent, not null), so contract fields but ``id`` default to None here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal
from uuid import UUID

from pydantic import Field, ValidationInfo, field_validator

from crm_chassis.http import ListQuery, Schema

_UNITS = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"
Format = Literal["json", "csv"]


def _utc(value: datetime) -> datetime:
    """A moment without an offset is read as UTC (RFC 3339 asks for one; be lenient)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class _ContractFields(Schema):
    subject: str | None = Field(None, max_length=255)
    contract_type: str | None = Field(
        None, description="Services, Administrative, Support, Maintenance, Other"
    )
    start_date: date | None = None
    end_date: date | None = None
    sla_policy_id: UUID | None = Field(None, description="The SLA policy the contract grants")
    tracking_unit: str | None = Field(None, description="None (default), Hours, Days, Incidents")
    total_units: str | None = Field(None, pattern=_UNITS, description='Decimal string, "40"')
    review_date: date | None = Field(None, description="The owner gets a task before it")
    owner_id: UUID | None = Field(None, description="Default: the caller")
    description: str | None = Field(None, max_length=32_000)


class ContractCreate(_ContractFields):
    account_id: UUID
    subject: str = Field(min_length=1, max_length=255)
    start_date: date
    end_date: date


class ContractPatch(_ContractFields):
    pass


class ContractListQuery(ListQuery):
    account_id: UUID | None = None
    owner_id: UUID | None = None
    status: str | None = None
    tracking_unit: str | None = None
    contract_type: str | None = None


class ContractOut(Schema):
    id: UUID
    number: str | None = None
    account_id: UUID | None = None
    owner_id: UUID | None = None
    subject: str | None = None
    contract_type: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    sla_policy_id: UUID | None = None
    tracking_unit: str | None = None
    total_units: str | None = None
    used_units: str | None = Field(None, description="From the account's tickets in the period")
    remaining_units: str | None = Field(None, description="None when units are not tracked")
    tickets_in_period: int | None = None
    review_date: date | None = None
    description: str | None = None
    status: str | None = Field(None, description="Planned, Active, Used Up, Expired, Cancelled")
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int | None = None


class FeedbackIn(Schema):
    score: int = Field(description="1 (poor) to 5 (excellent)")
    comment: str | None = Field(None, max_length=4000)


class FeedbackOut(Schema):
    id: UUID
    ticket_id: UUID
    ticket_number: str
    score: int
    comment: str | None = None
    created_at: datetime


class SurveyOut(Schema):
    ticket_id: UUID
    ticket_number: str
    title: str
    answered: bool
    closed_at: datetime | None = None


class SurveyLinkOut(Schema):
    ticket_id: UUID
    url: str
    token: str


class PeriodQuery(Schema):
    from_: datetime = Field(alias="from", description="Start (inclusive), RFC 3339")
    to: datetime = Field(description="End (exclusive), RFC 3339")
    group_by: Literal["agent", "team", "period", "priority"] = "period"
    granularity: Literal["day", "week", "month"] = "month"
    format: Format = "json"

    @field_validator("from_")
    @classmethod
    def _start_in_utc(cls, value: datetime) -> datetime:
        return _utc(value)

    @field_validator("to")
    @classmethod
    def _after_from(cls, value: datetime, info: ValidationInfo) -> datetime:
        value = _utc(value)
        start = info.data.get("from_")
        if start is not None and value <= start:
            raise ValueError("must be after from")
        return value


class SummaryQuery(PeriodQuery):
    group_by: Literal["agent", "team", "period"] = "period"  # type: ignore[assignment]


class NowQuery(Schema):
    format: Format = "json"


class CountOut(Schema):
    key: str | None
    count: int
    kind: str | None = Field(None, description="user or group, for owners")


class OpenTicketsOut(Schema):
    as_of: datetime
    total: int
    by_priority: list[CountOut] | None = Field(None, description="Absent: priority is hidden")
    by_status: list[CountOut] | None = None
    by_owner: list[CountOut] | None = Field(None, description="Absent: owner is hidden")
    by_age: list[CountOut]


class BacklogRowOut(Schema):
    priority: str = Field(description='"*" when priority is hidden from the caller')
    buckets: dict[str, int]
    total: int


class BacklogOut(Schema):
    as_of: datetime
    buckets: list[str]
    rows: list[BacklogRowOut]


class TimesOut(Schema):
    count: int
    average_minutes: str | None
    median_minutes: str | None


class PerformanceRowOut(Schema):
    key: str | None
    closed: int
    first_response: TimesOut | None = Field(None, description="Business minutes")
    resolution: TimesOut | None = Field(None, description="Business minutes")
    sla_breach_rate: str | None = None
    satisfaction: str | None = Field(None, description="Average score 1-5")


class PerformanceOut(Schema):
    group_by: str
    granularity: str
    start: datetime
    end: datetime
    rows: list[PerformanceRowOut]


class SatisfactionRowOut(Schema):
    key: str | None
    answers: int
    average: str | None
    scores: dict[str, int]


class SatisfactionOut(Schema):
    group_by: str
    granularity: str
    start: datetime
    end: datetime
    rows: list[SatisfactionRowOut]
