"""Scoring and assignment rule bodies and answers (administrators' settings)."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from crm_chassis.http import Schema
from crm_sales.api.schemas.parts import Body


class ScoringRuleIn(Schema):
    name: str | None = Field(None, max_length=200)
    field: str
    operator: str
    value: str = Field("", max_length=1000)
    points: int = Field(ge=-1000, le=1000)
    active: bool = True


class ScoringRulePatch(Body):
    name: str | None = Field(None, max_length=200)
    field: str = Field(None)
    operator: str = Field(None)
    value: str = Field(None, max_length=1000)
    points: int = Field(None, ge=-1000, le=1000)
    active: bool = Field(None)


class AssignmentRuleIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    priority: int = 100
    target: str
    owner_id: UUID | None = None
    group_id: UUID | None = None
    criteria: dict[str, str] = Field(default_factory=dict)
    active: bool = True


class ScoringRuleOut(Schema):
    id: UUID
    name: str | None
    field: str
    operator: str
    value: str
    points: int
    active: bool


class AssignmentRuleOut(Schema):
    id: UUID
    name: str
    priority: int
    target: str
    owner_id: UUID | None
    group_id: UUID | None
    criteria: dict[str, str]
    active: bool
    cursor: int = Field(description="Index of the group member who got the last lead")


class AssignmentSettingsIO(Schema):
    fallback_owner_id: UUID | None = Field(
        None,
        description="Owner of auto-assigned leads no rule matches: an active user or group;"
        " null: the lead's creator, else (web-form leads) the first administrator by id",
    )
