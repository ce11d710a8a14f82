"""Assignment rules and ticket settings (administrators), and the automatic assignment of
a new ticket: the rules, else the fallback owner, else the first active administrator."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound, invalid
from crm_support.domain import assignment
from crm_support.domain.assignment import SETTINGS_KEY, AssignmentRule, TicketSettings
from crm_support.domain.commands import (
    DeleteAssignmentRule,
    SaveAssignmentRule,
    SetTicketPicklists,
    SetTicketSettings,
)
from crm_support.domain.picklists import PICKLISTS_KEY, TicketLists
from crm_support.domain.tickets import Ticket
from crm_support.service.access import require_admin
from crm_support.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

#: The longest reopen window an administrator may set (a customer's answer after that is a
#: new problem).
MAX_REOPEN_WINDOW_DAYS = 365.0


def assign_by_rules(
    tx: UnitOfWork, access: RecordAccess, ticket: Ticket, by: str, *, creator: UUID | None
) -> None:
    """Give a new ticket an owner: the first matching rule, else the fallback owner."""
    rules = tx.rules.all(lock=True)
    chosen = assignment.choose(
        rules,
        ticket,
        members=lambda g: sorted(access.active_users(access.group_members(g))),
        load=tx.tickets.open_load,
    )
    now = utcnow()
    if chosen is not None:
        if chosen.rule is not None:
            tx.rules.save_cursor(chosen.rule)
        rule_id = chosen.rule.id if chosen.rule else None
        ticket.assign(
            chosen.owner_id,
            chosen.owner_kind,
            now=now,
            by=by,
            reason=chosen.reason,
            rule_id=rule_id,
        )
        return
    settings = TicketSettings.of(tx.settings.get(SETTINGS_KEY))
    owner = settings.fallback_owner_id
    if owner is not None and access.is_owner(owner):
        kind = "group" if access.is_group(owner) else "user"
        ticket.assign(owner, kind, now=now, by=by, reason="fallback")
    elif creator is not None and access.is_owner(creator, groups=False):
        ticket.assign(creator, "user", now=now, by=by, reason="fallback")
    elif admins := access.administrators():
        ticket.assign(UUID(admins[0]), "user", now=now, by=by, reason="fallback")


def ticket_lists(tx: UnitOfWork) -> TicketLists:
    """The severity and category lists in force (administrators' or the shipped ones)."""
    return TicketLists.of(tx.settings.get(PICKLISTS_KEY))


def set_ticket_picklists(
    cmd: SetTicketPicklists, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> TicketLists:
    require_admin(access, caller)
    lists = TicketLists(cmd.severities, cmd.categories).check()
    with uow() as tx:
        tx.settings.put(PICKLISTS_KEY, lists.as_setting(), now=utcnow(), by=caller.subject)
    return lists


def reopen_window(tx: UnitOfWork, default_days: float) -> timedelta:
    days = TicketSettings.of(tx.settings.get(SETTINGS_KEY)).reopen_window_days
    return timedelta(days=default_days if days is None else days)


def save_assignment_rule(
    cmd: SaveAssignmentRule, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> AssignmentRule:
    require_admin(access, caller)
    kind = None
    if cmd.owner_id is not None:
        access.check_owner(cmd.owner_id)
        kind = "group" if access.is_group(cmd.owner_id) else "user"
    if cmd.group_id is not None and not access.is_group(cmd.group_id):
        raise invalid("group_id", "is not a group")
    rule = AssignmentRule(
        id=cmd.rule_id or uuid4(),
        name=cmd.name,
        priority=cmd.priority,
        target=cmd.target,
        owner_id=cmd.owner_id,
        owner_kind=kind,
        group_id=cmd.group_id,
        criteria=dict(cmd.criteria),
        active=cmd.active,
    )
    with uow() as tx:
        assignment.check_rule(rule, ticket_lists(tx).categories)
        if cmd.rule_id is not None and tx.rules.get(cmd.rule_id) is None:
            raise RecordNotFound("Assignment rule", cmd.rule_id)
        tx.rules.put(rule)
    return rule


def delete_assignment_rule(
    cmd: DeleteAssignmentRule, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    require_admin(access, caller)
    with uow() as tx:
        if not tx.rules.delete(cmd.rule_id):
            raise RecordNotFound("Assignment rule", cmd.rule_id)


def set_ticket_settings(
    cmd: SetTicketSettings, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> TicketSettings:
    require_admin(access, caller)
    kind = None
    if cmd.fallback_owner_id is not None:
        access.check_owner(cmd.fallback_owner_id, "fallback_owner_id")
        kind = "group" if access.is_group(cmd.fallback_owner_id) else "user"
    days = cmd.reopen_window_days
    if days is not None and not 0 <= days <= MAX_REOPEN_WINDOW_DAYS:
        raise invalid("reopen_window_days", f"must be from 0 to {MAX_REOPEN_WINDOW_DAYS:g}")
    settings = TicketSettings(cmd.fallback_owner_id, kind, days)
    with uow() as tx:
        tx.settings.put(SETTINGS_KEY, settings.as_setting(), now=utcnow(), by=caller.subject)
    return settings
