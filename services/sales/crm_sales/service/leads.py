"""Lead use cases: capture (API, web form), change, assign, qualify, delete, stale check."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import InvalidFields, RecordNotFound
from crm_chassis.logging import get_logger
from crm_sales.domain import assignment, scoring
from crm_sales.domain.assignment import SETTINGS_KEY, AssignmentSettings
from crm_sales.domain.commands import (
    AssignLead,
    CaptureWebLead,
    CheckStaleLeads,
    CreateLead,
    DeleteLead,
    QualifyLead,
    ReopenLead,
    UpdateLead,
)
from crm_sales.domain.leads import Lead
from crm_sales.service.access import LEADS, caller_id, require_admin
from crm_sales.service.intake import Intake
from crm_sales.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)
WEB_FORM_LAST_NAME = "(web form)"


def create_lead(
    cmd: CreateLead, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Lead:
    """Capture a lead from the API; the caller owns it unless an owner or a rule says else."""
    access.require(caller, LEADS, "create")
    access.check_writable(caller, LEADS, cmd.sent)
    owner_id = cmd.fields.owner_id
    if owner_id is not None:
        access.check_owner(owner_id)
    if owner_id is None and not cmd.auto_assign:
        owner_id = caller_id(caller)
    if owner_id is None:
        # The assignment rules hand out round-robin turns under a row lock: all inside.
        with uow() as tx:
            lead = _capture(tx, access, caller, cmd, owner_id)
    else:
        lead = _capture_ahead(uow, access, caller, cmd, owner_id)
    log.info("lead.created", lead_id=str(lead.id), duplicate=lead.possible_duplicate)
    return lead


def _capture_ahead(
    uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal, cmd: CreateLead, owner: UUID
) -> Lead:
    """Build the lead before the write transaction, so that only its duplicate check and
    its inserts run inside.

    On SQLite a write transaction holds the file's one write lock (crm_chassis.db.
    write_gate): reading the scoring rules, checking, scoring and building the event's
    envelope there made every other writer wait for them. The duplicate check is made
    ahead on a read snapshot and again inside; only if a lead with the same keys committed
    in between (the two disagree) is the lead built again, inside.
    """
    with uow.reading() as rx:
        lead = _intake(rx, access, caller).capture(cmd.fields, owner_id=owner)
    ready = uow.prepare_events(lead)
    with uow() as tx:
        if tx.leads.find_duplicate(lead.email_lc, lead.name_key) != lead.duplicate_of:
            return _capture(tx, access, caller, cmd, owner)
        tx.leads.add(lead)
        tx.write_events(ready)
    return lead


def _capture(
    tx: UnitOfWork, access: RecordAccess, caller: Principal, cmd: CreateLead, owner: UUID | None
) -> Lead:
    intake = _intake(tx, access, caller)
    lead = intake.capture(cmd.fields, owner_id=owner)
    intake.save()
    return lead


def _intake(tx: UnitOfWork, access: RecordAccess, caller: Principal) -> Intake:
    return Intake(tx, access, by=caller.subject, origin="api", creator=caller_id(caller))


def capture_web_lead(
    cmd: CaptureWebLead, *, uow: UnitOfWorkFactory, access: RecordAccess
) -> Lead | None:
    """One lead per web form submission (a redelivery creates nothing).

    A form the visitor filled badly will never become valid: its bad values are dropped and
    the lead kept, rather than the event parked.
    """
    source_ref = f"form:{cmd.submission_id}"
    with uow() as tx:
        if tx.leads.by_source_ref(source_ref) is not None:
            return None
        intake = Intake(tx, access, by="marketing", origin="web_form")
        try:
            lead = intake.capture(cmd.fields, owner_id=cmd.owner_id, source_ref=source_ref)
        except InvalidFields as exc:
            fields = cmd.fields.without({e.field for e in exc.errors})
            if fields.last_name is None:
                fields = replace(fields, last_name=WEB_FORM_LAST_NAME)
            lead = intake.capture(fields, owner_id=cmd.owner_id, source_ref=source_ref)
        intake.save()
    log.info("lead.captured", lead_id=str(lead.id), submission=cmd.submission_id)
    return lead


def update_lead(
    cmd: UpdateLead, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Lead:
    """Change the fields the caller sent (status changes go to the history); 409 once
    converted. A new owner is a manual reassignment."""
    access.require(caller, LEADS, "edit")
    access.check_writable(caller, LEADS, cmd.sent)
    if "owner_id" in cmd.sent:
        access.check_owner(cmd.fields.owner_id)
    with uow() as tx:
        lead = load(tx, access, caller, cmd.lead_id, "edit")
        now = utcnow()
        changed = lead.update(
            cmd.fields, cmd.sent, now=now, by=caller.subject, expected_version=cmd.expected_version
        )
        if "owner_id" in cmd.sent:
            lead.assign(cmd.fields.owner_id, now=now, by=caller.subject, reason="manual")
        if changed:
            version = tx.scores.version()  # before the rules
            lead.rescore(scoring.breakdown(lead, tx.rules.scoring()), version)
        tx.leads.save(lead)
    return lead


def assign_lead(
    cmd: AssignLead, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Lead:
    """Manual reassignment, or the assignment rules' choice when no owner is given."""
    access.require(caller, LEADS, "edit")
    access.check_writable(caller, LEADS, ["owner_id"])
    if cmd.owner_id is not None:
        access.check_owner(cmd.owner_id)
    with uow() as tx:
        lead = load(tx, access, caller, cmd.lead_id, "edit")
        lead.expect_version(cmd.expected_version)
        lead.ensure_open()
        if cmd.owner_id is not None:
            lead.assign(cmd.owner_id, now=utcnow(), by=caller.subject, reason="manual")
        else:
            _assign_by_rule(tx, access, lead, caller.subject)
        tx.leads.save(lead)
    return lead


def _assign_by_rule(tx: UnitOfWork, access: RecordAccess, lead: Lead, by: str) -> None:
    rules = tx.rules.assignment(lock=True)
    chosen = assignment.choose(rules, lead, access.group_members, access.active_users)
    if chosen is None:
        if lead.owner_id is None:  # no rule matched: the fallback owner, never nobody
            _assign_fallback(tx, access, lead, by)
        return
    rule, owner = chosen
    tx.rules.save_cursor(rule)
    reason = "rule" if rule.target == "owner" else "round_robin"
    lead.assign(owner, now=utcnow(), by=by, reason=reason, rule_id=rule.id)


def _assign_fallback(tx: UnitOfWork, access: RecordAccess, lead: Lead, by: str) -> None:
    settings = AssignmentSettings.of(tx.settings.get(SETTINGS_KEY))
    creator = caller_id(Principal(subject=by))
    owner = assignment.fallback_owner(
        settings,
        creator=creator,
        administrators=access.administrators(),
        available=access.is_owner,
    )
    if owner is not None:
        lead.assign(owner, now=utcnow(), by=by, reason="fallback")


def qualify_lead(
    cmd: QualifyLead, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Lead:
    """Turn a lead into a prospect (interest level, budget, potential value)."""
    access.require(caller, LEADS, "edit")
    with uow() as tx:
        lead = load(tx, access, caller, cmd.lead_id, "edit")
        lead.qualify(
            interest_level=cmd.interest_level,
            budget=cmd.budget,
            potential_value=cmd.potential_value,
            now=utcnow(),
            by=caller.subject,
        )
        tx.leads.save(lead)
    return lead


def reopen_lead(
    cmd: ReopenLead, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> Lead:
    """Reopen a Lost Lead or Junk Lead (final otherwise) with a reason."""
    access.require(caller, LEADS, "edit")
    with uow() as tx:
        lead = load(tx, access, caller, cmd.lead_id, "edit")
        lead.reopen(cmd.lead_status, reason=cmd.reason, now=utcnow(), by=caller.subject)
        tx.leads.save(lead)
    return lead


def delete_lead(
    cmd: DeleteLead, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    """Delete a lead (not a converted one) and its history."""
    access.require(caller, LEADS, "delete")
    with uow() as tx:
        lead = load(tx, access, caller, cmd.lead_id, "delete")
        lead.expect_version(cmd.expected_version)
        lead.ensure_open()
        tx.leads.remove(lead)


def check_stale_leads(
    cmd: CheckStaleLeads,
    *,
    uow: UnitOfWorkFactory,
    stale_after: timedelta,
    access: RecordAccess,
    caller: Principal | None = None,
) -> int:
    """Raise sales.lead.stale.v1 for open leads untouched for ``stale_after``; count them.

    The worker's timer runs it for nobody; a person asking for it must be an administrator.
    """
    if caller is not None:
        require_admin(access, caller)
    now = cmd.now or utcnow()
    count = 0
    with uow() as tx:
        for lead_id in tx.leads.stale_ids(now - stale_after):
            lead = tx.leads.get(lead_id)
            # Re-checked under the row lock: two workers checking at once notify once.
            if lead is None or lead.converted or lead.stale_notified_at is not None:
                continue
            lead.mark_stale(now)
            tx.leads.save(lead)
            count += 1
    if count:
        log.info("leads.stale", count=count)
    return count


def load(
    tx: UnitOfWork, access: RecordAccess, caller: Principal, lead_id: UUID, action: str
) -> Lead:
    """Invisible answers 404 (existence must not leak); visible but not ours to change, 403."""
    return checked(access, caller, tx.leads.get(lead_id), lead_id, action)


def checked(
    access: RecordAccess, caller: Principal, lead: Lead | None, lead_id: UUID, action: str
) -> Lead:
    """``lead`` (read in this transaction) if the caller may ``action`` it: :func:`load`'s
    decision, for a lead the transaction already holds."""
    if lead is None or not access.can_see(caller, LEADS, lead):
        raise RecordNotFound("Lead", lead_id)
    access.require_on(caller, LEADS, action, lead)
    return lead
