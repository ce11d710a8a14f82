"""Lead use cases: capture (API, import, web form), update, assign, qualify, stale check."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound
from crm_chassis.logging import get_logger
from crm_sales.domain import assignment, events, scoring
from crm_sales.domain.leads import Lead
from crm_sales.service.access import LEADS, Access, caller_id
from crm_sales.service.unit_of_work import UnitOfWork

log = get_logger(__name__)
UowFactory = Callable[[], Any]


def _capture(
    uow: UnitOfWork,
    access: Access,
    *,
    by: str,
    origin: str,
    fields: dict[str, Any],
    owner_id: UUID | None,
    source_ref: str | None = None,
) -> Lead:
    """Build, score, flag duplicates and assign one lead inside the caller's transaction."""
    probe = Lead.capture(
        id=uuid.uuid4(), owner_id=owner_id, now=utcnow(), by=by, origin=origin, fields=fields
    )
    duplicate = uow.leads.find_duplicate(probe.email_lc, probe.name_key)
    lead = Lead.capture(
        id=probe.id,
        owner_id=owner_id,
        now=probe.created_at,
        by=by,
        origin=origin,
        fields=fields,
        duplicate_of=duplicate,
        source_ref=source_ref,
    )
    lead.rescore(scoring.score(lead, uow.rules.scoring()))
    if owner_id is None:
        _auto_assign(uow, access, lead, by)
    uow.leads.add(lead)
    return lead


def _auto_assign(uow: UnitOfWork, access: Access, lead: Lead, by: str) -> None:
    rules = uow.rules.assignment(lock=True)
    chosen = assignment.choose(rules, lead, access.group_members, access.active_users)
    if chosen is None:
        return
    rule, owner = chosen
    if rule.target == "round_robin":
        uow.rules.save_cursor(rule)
    lead.owner_id = owner
    lead.events.append(
        events.LeadAssigned(
            lead_id=lead.id,
            owner_id=owner,
            previous_owner_id=None,
            reason="rule" if rule.target == "owner" else "round_robin",
            rule_id=rule.id,
            by=by,
            at=lead.created_at,
        )
    )


def create_lead(
    uow_factory: UowFactory, access: Access, principal: Principal, fields: dict[str, Any]
) -> Lead:
    """Capture a lead from the API; the caller owns it unless an owner or a rule says else."""
    access.require(principal, LEADS, "create")
    access.check_writable(principal, LEADS, fields.keys())
    fields = dict(fields)
    owner_id = fields.pop("owner_id", None)
    auto = fields.pop("auto_assign", False)
    if owner_id is None and not auto:
        owner_id = caller_id(principal)
    with uow_factory() as uow:
        lead = _capture(
            uow, access, by=principal.subject, origin="api", fields=fields, owner_id=owner_id
        )
    log.info("lead.created", lead_id=str(lead.id), duplicate=lead.possible_duplicate)
    return lead


def capture_from_form(
    uow: UnitOfWork,
    access: Access,
    submission_id: str,
    fields: dict[str, Any],
    owner_id: UUID | None,
) -> Lead | None:
    """marketing.lead.captured: one lead per submission (a redelivery creates nothing)."""
    if uow.leads.by_source_ref(f"form:{submission_id}") is not None:
        return None
    return _capture(
        uow,
        access,
        by="marketing",
        origin="web_form",
        fields=fields,
        owner_id=owner_id,
        source_ref=f"form:{submission_id}",
    )


def update_lead(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    lead_id: UUID,
    changes: dict[str, Any],
    expected: int | None,
) -> Lead:
    """Apply a partial update (status changes go to the history); 409 once converted."""
    access.require(principal, LEADS, "edit")
    access.check_writable(principal, LEADS, changes.keys())
    changes = dict(changes)
    new_owner = changes.pop("owner_id", None) if "owner_id" in changes else ...
    with uow_factory() as uow:
        lead = load(uow, access, principal, lead_id, "edit")
        changed = lead.update(
            changes, now=utcnow(), by=principal.subject, expected_version=expected
        )
        if new_owner is not ...:
            lead.assign(new_owner, now=utcnow(), by=principal.subject, reason="manual")
        if changed:
            lead.rescore(scoring.score(lead, uow.rules.scoring()))
        uow.leads.save(lead)
    return lead


def assign_lead(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    lead_id: UUID,
    owner_id: UUID | None,
    expected: int | None,
) -> Lead:
    """Manual reassignment (or re-run the rules when owner_id is None)."""
    access.require(principal, LEADS, "edit")
    access.check_writable(principal, LEADS, ["owner_id"])
    with uow_factory() as uow:
        lead = load(uow, access, principal, lead_id, "edit")
        lead.expect_version(expected)
        lead.ensure_open()
        if owner_id is None:
            rules = uow.rules.assignment(lock=True)
            chosen = assignment.choose(rules, lead, access.group_members, access.active_users)
            if chosen is not None:
                rule, owner = chosen
                uow.rules.save_cursor(rule)
                lead.assign(
                    owner,
                    now=utcnow(),
                    by=principal.subject,
                    reason="rule" if rule.target == "owner" else "round_robin",
                    rule_id=rule.id,
                )
        else:
            lead.assign(owner_id, now=utcnow(), by=principal.subject, reason="manual")
        uow.leads.save(lead)
    return lead


def qualify_lead(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    lead_id: UUID,
    fields: dict[str, Any],
) -> Lead:
    """Turn a lead into a prospect (interest level, budget, potential value)."""
    access.require(principal, LEADS, "edit")
    with uow_factory() as uow:
        lead = load(uow, access, principal, lead_id, "edit")
        lead.qualify(fields, now=utcnow(), by=principal.subject)
        uow.leads.save(lead)
    return lead


def delete_lead(
    uow_factory: UowFactory,
    access: Access,
    principal: Principal,
    lead_id: UUID,
    expected: int | None,
) -> None:
    access.require(principal, LEADS, "delete")
    with uow_factory() as uow:
        lead = load(uow, access, principal, lead_id, "delete")
        lead.expect_version(expected)
        lead.ensure_open()
        uow.leads.remove(lead)


def check_stale(uow_factory: UowFactory, stale_days: float, now: datetime | None = None) -> int:
    """Raise sales.lead.stale.v1 for open leads untouched for ``stale_days``; return count."""
    now = now or utcnow()
    before = now - timedelta(days=stale_days)
    count = 0
    with uow_factory() as uow:
        for lead_id in uow.leads.stale_ids(before):
            lead = uow.leads.get(lead_id)
            # Re-checked under the row lock: two workers checking at once notify once.
            if lead is None or lead.converted or lead.stale_notified_at is not None:
                continue
            lead.mark_stale(now)
            lead.version += 1
            uow.leads.save(lead)
            count += 1
    if count:
        log.info("leads.stale", count=count)
    return count


def load(uow: UnitOfWork, access: Access, principal: Principal, lead_id: UUID, action: str) -> Lead:
    """Invisible answers 404 (existence must not leak); visible but not ours to change, 403."""
    lead = uow.leads.get(lead_id)
    if lead is None or not access.can_see(principal, LEADS, lead):
        raise RecordNotFound("Lead", lead_id)
    access.require_on(principal, LEADS, action, lead)
    return lead
