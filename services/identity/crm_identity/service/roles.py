"""Use cases of roles: create below an existing role, change (a move makes no cycle), delete.

Every change is audited and publishes the new policy in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import RecordNotFound
from crm_chassis.fields import Checker
from crm_identity.domain.commands import ChangeRole, CreateRole, DeleteRole
from crm_identity.domain.ports import Clock
from crm_identity.domain.roles import Role, RoleInUse
from crm_identity.domain.versions import ChangedMeanwhile
from crm_identity.service.audit import diff, record_change
from crm_identity.service.unit_of_work import IdentityUnitOfWork, IdentityUnitOfWorkFactory


def _role(tx: IdentityUnitOfWork, role_id: UUID) -> Role:
    role = tx.roles.get(role_id)
    if role is None:
        raise RecordNotFound("role", role_id)
    return role


def _profiles_exist(tx: IdentityUnitOfWork, check: Checker, ids: Sequence[UUID]) -> None:
    found = {p.id for p in tx.profiles.get_many(tuple(ids))}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        check.add("profile_ids", f"no such profile(s) {missing}")


def create_role(
    cmd: CreateRole, *, uow: IdentityUnitOfWorkFactory, clock: Clock, caller: Principal
) -> Role:
    """Create a role below an existing one, with existing profiles."""
    role = Role.create(uuid.uuid4(), cmd.fields, clock())
    with uow() as tx:
        check = Checker()
        if role.parent_id is not None and tx.roles.get(role.parent_id) is None:
            check.add("parent_id", "no such role")
        _profiles_exist(tx, check, role.profile_ids)
        check.raise_if_any()
        tx.roles.add(role)
        record_change(tx, "role.created", caller, "role", role.id, role.state())
    return role


def change_role(
    cmd: ChangeRole, *, uow: IdentityUnitOfWorkFactory, clock: Clock, caller: Principal
) -> Role:
    """Rename, move, re-profile or describe a role; a move below a subordinate is 409."""
    with uow() as tx:
        role = _role(tx, cmd.role_id)
        role.check_version(cmd.expected_version)
        loaded, before = role.version, role.state()
        role.change(cmd.fields, cmd.sent, tx.roles.parents())
        if "profile_ids" in cmd.sent:
            check = Checker()
            _profiles_exist(tx, check, role.profile_ids)
            check.raise_if_any()
        after = role.state()
        if after == before:
            return role
        role.touch(clock())
        if not tx.roles.save(role, expected_version=loaded):
            raise ChangedMeanwhile("role")
        record_change(tx, "role.updated", caller, "role", role.id, diff(before, after))
    return role


def delete_role(
    cmd: DeleteRole, *, uow: IdentityUnitOfWorkFactory, caller: Principal
) -> None:
    """Delete a role nobody and nothing uses (users, subordinates, rules, groups: 409)."""
    with uow() as tx:
        role = _role(tx, cmd.role_id)
        role.check_version(cmd.expected_version)
        if tx.users.count_with_role(role.id):
            raise RoleInUse("users")
        if tx.roles.children_count(role.id):
            raise RoleInUse("subordinate roles")
        if tx.sharing_rules.naming("role", role.id):
            raise RoleInUse("sharing rules")
        if any(
            role.id in g.role_ids or role.id in g.role_and_subordinate_ids
            for g in tx.groups.all()
        ):
            raise RoleInUse("group memberships")
        tx.roles.delete(role.id)
        record_change(tx, "role.deleted", caller, "role", role.id, role.state())
