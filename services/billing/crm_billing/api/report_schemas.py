"""Query and response bodies of the receivables reports (ageing, KPIs, account credit)."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import ConfigDict, Field

from crm_chassis.http import Schema


class AgeingQuery(Schema):
    as_of: date | None = Field(None, description="Default: today")
    account_id: UUID | None = None


class AgeingRowOut(Schema):
    """Open balances of one account (or, in ``totals``, of all) in one currency by bucket."""

    account_id: UUID = Field(None, description="Absent in the totals rows")
    currency: str
    current: str
    days_1_30: str
    days_31_60: str
    days_61_90: str
    days_over_90: str
    total: str
    invoices: int


class AgeingOut(Schema):
    as_of: date
    buckets: list[str]
    accounts: list[AgeingRowOut]
    totals: list[AgeingRowOut] = Field(description="One row per currency")


class KpiQuery(Schema):
    from_: date = Field(alias="from")
    to: date
    granularity: Literal["month", "quarter", "year"] = "month"


class PeriodAmount(Schema):
    period: str = Field(description='"2026-03", "2026-Q1" or "2026"')
    amount: str


class CurrencyKpisOut(Schema):
    currency: str
    revenue: str
    revenue_by_period: list[PeriodAmount]
    receivables_start: str
    outstanding_receivables: str
    collected: str
    dso_days: str | None = Field(description="None without sales in the period")
    collection_rate: str | None = Field(description="A ratio; None when nothing was owed")


class KpisOut(Schema):
    model_config = ConfigDict(serialize_by_alias=True)

    from_: date = Field(alias="from")
    to: date
    granularity: str
    currencies: list[CurrencyKpisOut]


class AccountCreditQuery(Schema):
    account_id: UUID


class CurrencyAmount(Schema):
    currency: str
    amount: str


class AccountCreditOut(Schema):
    account_id: UUID
    credit: list[CurrencyAmount] = Field(
        description="Per currency: over-payments and credit-note excess"
    )
