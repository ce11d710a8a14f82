"""Scoring rules: points for leads whose fields meet a condition (administrators change them)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply
from crm_sales.api.caller import run, sales
from crm_sales.api.schemas.parts import record
from crm_sales.api.schemas.rules import ScoringRuleIn, ScoringRuleOut, ScoringRulePatch
from crm_sales.domain.commands import AddScoringRule, DeleteScoringRule, UpdateScoringRule
from crm_sales.service.access import ADMIN, LEADS

bp = Blueprint("scoring_rules", tag="scoring-rules")
BASE = "/api/sales/v1/scoring-rules"


@bp.get("/scoring-rules", response=Page[ScoringRuleOut], permission=(LEADS, "view"))
def list_scoring_rules() -> dict[str, Any]:
    """List scoring rules."""
    rules = sales().queries.scoring_rules(context.principal())
    return {"items": [record(r, ScoringRuleOut) for r in rules], "next_cursor": None}


@bp.post(
    "/scoring-rules", body=ScoringRuleIn, response=ScoringRuleOut, status=201, permission=ADMIN
)
def add_scoring_rule(body: ScoringRuleIn) -> Reply:
    """Add a scoring rule (administrators)."""
    rule = run(AddScoringRule(**body.model_dump()))
    return Reply(record(rule, ScoringRuleOut), location=f"{BASE}/{rule.id}")


@bp.delete("/scoring-rules/<rule_id>", response=None, permission=ADMIN)
def delete_scoring_rule(rule_id: UUID) -> None:
    """Delete a scoring rule (administrators)."""
    run(DeleteScoringRule(rule_id))


@bp.patch(
    "/scoring-rules/<rule_id>", body=ScoringRulePatch, response=ScoringRuleOut, permission=ADMIN
)
def update_scoring_rule(rule_id: UUID, body: ScoringRulePatch) -> dict[str, Any]:
    """Change a scoring rule (administrators); the leads are rescored in the background."""
    rule = run(UpdateScoringRule(rule_id, body.model_dump(include=body.sent)))
    return record(rule, ScoringRuleOut)
