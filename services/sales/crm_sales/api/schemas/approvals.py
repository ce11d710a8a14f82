"""Quote approval limits: the settings document administrators replace."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from crm_chassis.http import Schema


class LimitIn(Schema):
    role_id: str | None = Field(None, max_length=100, description="A role of the access policy")
    max_grand_total: Decimal | str | None = Field(None, description="Unset: unlimited")
    currency: str | None = Field(None, description="ISO 4217; required with max_grand_total")
    max_discount_percent: Decimal | str | None = Field(None, description="Unset: unlimited")


class LimitsBody(Schema):
    default: LimitIn | None = Field(None, description="For roles without their own limit")
    roles: list[LimitIn] = Field(default_factory=list, max_length=200)


class LimitOut(Schema):
    role_id: str | None = None
    max_grand_total: Decimal | None = None
    currency: str | None = None
    max_discount_percent: Decimal | None = None


class LimitsOut(Schema):
    default: LimitOut
    roles: list[LimitOut]
