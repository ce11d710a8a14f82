"""Use cases of sharing: per-module defaults, and rules sharing one owner set's records.

Every change is audited and publishes the new policy in the same transaction.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import RecordNotFound
from crm_chassis.fields import Checker
from crm_identity.domain.commands import (
    ChangeSharingRule,
    CreateSharingRule,
    DeleteSharingRule,
    SetSharingDefault,
)
from crm_identity.domain.errors import NoSharingDefault
from crm_identity.domain.modules import OWNED
from crm_identity.domain.ports import Clock
from crm_identity.domain.sharing import PRIVATE, SharingRule, default_targets
from crm_identity.domain.versions import ChangedMeanwhile
from crm_identity.service.audit import diff, record_change
from crm_identity.service.unit_of_work import IdentityUnitOfWork, IdentityUnitOfWorkFactory


def set_sharing_default(
    cmd: SetSharingDefault, *, uow: IdentityUnitOfWorkFactory, clock: Clock, caller: Principal
) -> dict[str, str]:
    """Set one module's default (accounts and contacts move together); return them all."""
    if cmd.module not in OWNED:
        raise NoSharingDefault()
    targets = default_targets(cmd.module, cmd.access)
    with uow() as tx:
        before = tx.sharing_defaults.all()
        if all(before.get(m, PRIVATE) == cmd.access for m in targets):
            return {m: before.get(m, PRIVATE) for m in OWNED}
        now = clock()
        for module in targets:
            tx.sharing_defaults.set(module, cmd.access, now)
        details = {
            "modules": list(targets),
            "access": cmd.access,
            "was": before.get(cmd.module, PRIVATE),
        }
        record_change(
            tx, "sharing_default.updated", caller, "sharing_default", cmd.module, details
        )
        after = tx.sharing_defaults.all()
    return {m: after.get(m, PRIVATE) for m in OWNED}


def _rule(tx: IdentityUnitOfWork, rule_id: UUID) -> SharingRule:
    rule = tx.sharing_rules.get(rule_id)
    if rule is None:
        raise RecordNotFound("sharing rule", rule_id)
    return rule


def _parties_exist(tx: IdentityUnitOfWork, rule: SharingRule) -> None:
    check = Checker()
    for side, kind, party_id in (
        ("source", rule.source_kind, rule.source_id),
        ("target", rule.target_kind, rule.target_id),
    ):
        if kind == "group" and tx.groups.get(party_id) is None:
            check.add(f"{side}_id", "no such group")
        elif kind != "group" and tx.roles.get(party_id) is None:
            check.add(f"{side}_id", "no such role")
    check.raise_if_any()


def create_sharing_rule(
    cmd: CreateSharingRule, *, uow: IdentityUnitOfWorkFactory, clock: Clock, caller: Principal
) -> SharingRule:
    """Share a module's records owned by a role or group with another."""
    rule = SharingRule.create(uuid.uuid4(), cmd.fields, clock())
    with uow() as tx:
        _parties_exist(tx, rule)
        tx.sharing_rules.add(rule)
        record_change(tx, "sharing_rule.created", caller, "sharing_rule", rule.id, rule.state())
    return rule


def change_sharing_rule(
    cmd: ChangeSharingRule, *, uow: IdentityUnitOfWorkFactory, clock: Clock, caller: Principal
) -> SharingRule:
    """Change a sharing rule's module, parties or access."""
    with uow() as tx:
        rule = _rule(tx, cmd.rule_id)
        rule.check_version(cmd.expected_version)
        loaded, before = rule.version, rule.state()
        rule.change(cmd.fields, cmd.sent)
        after = rule.state()
        if after == before:
            return rule
        _parties_exist(tx, rule)
        rule.touch(clock())
        if not tx.sharing_rules.save(rule, expected_version=loaded):
            raise ChangedMeanwhile("sharing rule")
        details = diff(before, after)
        record_change(tx, "sharing_rule.updated", caller, "sharing_rule", rule.id, details)
    return rule


def delete_sharing_rule(
    cmd: DeleteSharingRule, *, uow: IdentityUnitOfWorkFactory, caller: Principal
) -> None:
    """Delete a sharing rule."""
    with uow() as tx:
        rule = _rule(tx, cmd.rule_id)
        rule.check_version(cmd.expected_version)
        tx.sharing_rules.delete(rule.id)
        record_change(tx, "sharing_rule.deleted", caller, "sharing_rule", rule.id, rule.state())
