"""Scoring and assignment rules (sales settings: administrators only)."""

from __future__ import annotations

import uuid
from dataclasses import replace

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import FieldError, InvalidFields, RecordNotFound
from crm_sales.domain import assignment, scoring
from crm_sales.domain.assignment import SETTINGS_KEY, AssignmentRule, AssignmentSettings
from crm_sales.domain.commands import (
    AddAssignmentRule,
    AddScoringRule,
    DeleteAssignmentRule,
    DeleteScoringRule,
    SetAssignmentSettings,
    UpdateScoringRule,
)
from crm_sales.domain.scoring import ScoringRule
from crm_sales.service.access import require_admin
from crm_sales.service.unit_of_work import UnitOfWorkFactory


def add_scoring_rule(
    cmd: AddScoringRule, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> ScoringRule:
    """Add a scoring rule; new leads are scored with it, the others rescored in the
    background."""
    require_admin(access, caller)
    rule = ScoringRule(
        id=uuid.uuid4(),
        field=cmd.field,
        operator=cmd.operator,
        value=cmd.value or "",
        points=cmd.points,
        active=cmd.active,
        name=cmd.name,
    )
    scoring.check_rule(rule)
    with uow() as tx:
        tx.rules.add_scoring(rule)
        tx.scores.bump()  # the worker rescores the leads in the background
    return rule


def update_scoring_rule(
    cmd: UpdateScoringRule, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> ScoringRule:
    """Change a scoring rule; the leads are rescored in the background."""
    require_admin(access, caller)
    nulls = [FieldError(k, "must not be null") for k, v in cmd.fields.items() if v is None]
    if [e for e in nulls if e.field != "name"]:
        raise InvalidFields([e for e in nulls if e.field != "name"])
    with uow() as tx:
        rule = tx.rules.scoring_rule(cmd.rule_id)
        if rule is None:
            raise RecordNotFound("Rule", cmd.rule_id)
        rule = replace(rule, **cmd.fields)
        scoring.check_rule(rule)
        tx.rules.save_scoring(rule)
        tx.scores.bump()
    return rule


def delete_scoring_rule(
    cmd: DeleteScoringRule, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    """Delete a scoring rule."""
    require_admin(access, caller)
    with uow() as tx:
        if not tx.rules.delete_scoring(cmd.rule_id):
            raise RecordNotFound("Rule", cmd.rule_id)
        tx.scores.bump()


def add_assignment_rule(
    cmd: AddAssignmentRule, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> AssignmentRule:
    """Add an assignment rule (tried by ascending priority)."""
    require_admin(access, caller)
    rule = AssignmentRule(
        id=uuid.uuid4(),
        name=cmd.name,
        priority=cmd.priority,
        target=cmd.target,
        owner_id=cmd.owner_id,
        group_id=cmd.group_id,
        criteria=dict(cmd.criteria),
        active=cmd.active,
    )
    assignment.check_rule(rule)
    if rule.target == "owner" and rule.owner_id is not None:
        access.check_owner(rule.owner_id)
    with uow() as tx:
        tx.rules.add_assignment(rule)
    return rule


def delete_assignment_rule(
    cmd: DeleteAssignmentRule, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    """Delete an assignment rule."""
    require_admin(access, caller)
    with uow() as tx:
        if not tx.rules.delete_assignment(cmd.rule_id):
            raise RecordNotFound("Rule", cmd.rule_id)


def set_assignment_settings(
    cmd: SetAssignmentSettings, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> AssignmentSettings:
    """Name the fallback owner of auto-assigned leads (an active user or a group; None: the
    creator, else the first administrator)."""
    require_admin(access, caller)
    owner = cmd.fallback_owner_id
    if owner is not None:
        access.check_owner(owner, "fallback_owner_id")
    settings = AssignmentSettings(owner)
    with uow() as tx:
        tx.settings.put(SETTINGS_KEY, settings.as_setting(), now=utcnow(), by=caller.subject)
    return settings
