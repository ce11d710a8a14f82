"""Assignment rules (who gets new tickets) and ticket settings (fallback owner, reopen
window): administrators change them, staff read them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply
from crm_support.api.caller import run, support
from crm_support.api.schemas import (
    AssignmentRuleIn,
    AssignmentRuleOut,
    TicketPicklistsIO,
    TicketSettingsIO,
    record,
)
from crm_support.domain.commands import (
    DeleteAssignmentRule,
    SaveAssignmentRule,
    SetTicketPicklists,
    SetTicketSettings,
)
from crm_support.service.access import ADMIN, TICKETS

bp = Blueprint("ticket_assignment_rules", tag="assignment-rules")
BASE = "/api/support/v1/assignment-rules"


def _command(body: AssignmentRuleIn, rule_id: UUID | None = None) -> SaveAssignmentRule:
    return SaveAssignmentRule(
        name=body.name,
        priority=body.priority,
        target=body.target,
        owner_id=body.owner_id,
        group_id=body.group_id,
        criteria=tuple(sorted(body.criteria.items())),
        active=body.active,
        rule_id=rule_id,
    )


@bp.get("/assignment-rules", response=Page[AssignmentRuleOut], permission=(TICKETS, "view"))
def list_assignment_rules() -> dict[str, Any]:
    """List the ticket assignment rules (by priority; staff only)."""
    rules = support().queries.assignment_rules(context.principal())
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
    rule = run(_command(body))
    return Reply(record(rule, AssignmentRuleOut), location=f"{BASE}/{rule.id}")


@bp.put(
    "/assignment-rules/<rule_id>",
    body=AssignmentRuleIn,
    response=AssignmentRuleOut,
    permission=ADMIN,
)
def replace_assignment_rule(rule_id: UUID, body: AssignmentRuleIn) -> dict[str, Any]:
    """Replace an assignment rule (administrators)."""
    return record(run(_command(body, rule_id)), AssignmentRuleOut)


@bp.delete("/assignment-rules/<rule_id>", permission=ADMIN)
def delete_assignment_rule(rule_id: UUID) -> None:
    """Remove an assignment rule (administrators)."""
    run(DeleteAssignmentRule(rule_id))


@bp.get("/ticket-settings", response=TicketSettingsIO, permission=(TICKETS, "view"))
def get_ticket_settings() -> dict[str, Any]:
    """The fallback owner and the reopen window in force."""
    settings = support().queries.ticket_settings(context.principal())
    return _settings_out(settings)


@bp.put("/ticket-settings", body=TicketSettingsIO, response=TicketSettingsIO, permission=ADMIN)
def put_ticket_settings(body: TicketSettingsIO) -> dict[str, Any]:
    """Set the fallback owner and the reopen window (administrators)."""
    saved = run(SetTicketSettings(body.fallback_owner_id, body.reopen_window_days))
    return _settings_out(saved)


@bp.get("/ticket-picklists", response=TicketPicklistsIO, permission=(TICKETS, "view"))
def get_ticket_picklists() -> dict[str, Any]:
    """The severity and category values tickets take now (portal users too)."""
    return support().queries.ticket_picklists(context.principal()).as_setting()


@bp.put("/ticket-picklists", body=TicketPicklistsIO, response=TicketPicklistsIO, permission=ADMIN)
def put_ticket_picklists(body: TicketPicklistsIO) -> dict[str, Any]:
    """Set the severity and category lists (administrators; tickets keep old values)."""
    lists = run(SetTicketPicklists(tuple(body.severities), tuple(body.categories)))
    return lists.as_setting()


def _settings_out(settings: Any) -> dict[str, Any]:
    days = settings.reopen_window_days
    if days is None:
        days = support().settings.reopen_window_days
    return {
        "fallback_owner_id": settings.fallback_owner_id,
        "fallback_owner_kind": settings.fallback_owner_kind,
        "reopen_window_days": days,
    }
