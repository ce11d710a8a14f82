"""Assignment rules: who gets new leads, by territory, interest or round robin."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply
from crm_sales.api.caller import run, sales
from crm_sales.api.schemas.parts import record
from crm_sales.api.schemas.rules import AssignmentRuleIn, AssignmentRuleOut, AssignmentSettingsIO
from crm_sales.domain.commands import (
    AddAssignmentRule,
    DeleteAssignmentRule,
    SetAssignmentSettings,
)
from crm_sales.service.access import ADMIN, LEADS

bp = Blueprint("assignment_rules", tag="assignment-rules")
BASE = "/api/sales/v1/assignment-rules"


@bp.get("/assignment-rules", response=Page[AssignmentRuleOut], permission=(LEADS, "view"))
def list_assignment_rules() -> dict[str, Any]:
    """List assignment rules (by priority)."""
    rules = sales().queries.assignment_rules(context.principal())
    return {"items": [record(r, AssignmentRuleOut) for r in rules], "next_cursor": None}


@bp.post(
    "/assignment-rules",
    body=AssignmentRuleIn,
    response=AssignmentRuleOut,
    status=201,
    permission=ADMIN,
)
def add_assignment_rule(body: AssignmentRuleIn) -> Reply:
    """Add an assignment rule (administrators)."""
    rule = run(AddAssignmentRule(**body.model_dump()))
    return Reply(record(rule, AssignmentRuleOut), location=f"{BASE}/{rule.id}")


@bp.delete("/assignment-rules/<rule_id>", response=None, permission=ADMIN)
def delete_assignment_rule(rule_id: UUID) -> None:
    """Delete an assignment rule (administrators)."""
    run(DeleteAssignmentRule(rule_id))


@bp.get("/assignment-settings", response=AssignmentSettingsIO, permission=(LEADS, "view"))
def get_assignment_settings() -> dict[str, Any]:
    """Who gets auto-assigned leads no rule matches (null: the lead's creator)."""
    settings = sales().queries.assignment_settings(context.principal())
    return record(settings, AssignmentSettingsIO)


@bp.put(
    "/assignment-settings",
    body=AssignmentSettingsIO,
    response=AssignmentSettingsIO,
    permission=ADMIN,
)
def put_assignment_settings(body: AssignmentSettingsIO) -> dict[str, Any]:
    """Name the fallback owner of auto-assigned leads (administrators)."""
    settings = run(SetAssignmentSettings(body.fallback_owner_id))
    return record(settings, AssignmentSettingsIO)
