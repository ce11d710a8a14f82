"""Use cases of groups: create, change (member lists replace wholesale), delete.

Every change is audited and publishes the new policy in the same transaction.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Conflict, RecordNotFound
from crm_chassis.fields import Checker
from crm_identity.domain.commands import ChangeGroup, CreateGroup, DeleteGroup
from crm_identity.domain.groups import Group
from crm_identity.domain.ports import Clock
from crm_identity.domain.versions import ChangedMeanwhile
from crm_identity.service.audit import diff, record_change
from crm_identity.service.unit_of_work import IdentityUnitOfWork, IdentityUnitOfWorkFactory


def _group(tx: IdentityUnitOfWork, group_id: UUID) -> Group:
    group = tx.groups.get(group_id)
    if group is None:
        raise RecordNotFound("group", group_id)
    return group


def _members_exist(tx: IdentityUnitOfWork, group: Group) -> None:
    check = Checker()
    users = {u.id for u in tx.users.get_many(list(group.user_ids))}
    missing = [str(i) for i in group.user_ids if i not in users]
    if missing:
        check.add("user_ids", f"no such user(s) {missing}")
    roles = set(tx.roles.parents())
    for name in ("role_ids", "role_and_subordinate_ids"):
        missing = [str(i) for i in getattr(group, name) if i not in roles]
        if missing:
            check.add(name, f"no such role(s) {missing}")
    check.raise_if_any()


def create_group(
    cmd: CreateGroup, *, uow: IdentityUnitOfWorkFactory, clock: Clock, caller: Principal
) -> Group:
    """Create a group of existing users, roles and roles-with-subordinates."""
    group = Group.create(uuid.uuid4(), cmd.fields, clock())
    with uow() as tx:
        _members_exist(tx, group)
        tx.groups.add(group)
        record_change(tx, "group.created", caller, "group", group.id, group.state())
    return group


def change_group(
    cmd: ChangeGroup, *, uow: IdentityUnitOfWorkFactory, clock: Clock, caller: Principal
) -> Group:
    """Rename, describe or re-member a group."""
    with uow() as tx:
        group = _group(tx, cmd.group_id)
        group.check_version(cmd.expected_version)
        loaded, before = group.version, group.state()
        group.change(cmd.fields, cmd.sent)
        after = group.state()
        if after == before:
            return group
        _members_exist(tx, group)
        group.touch(clock())
        if not tx.groups.save(group, expected_version=loaded):
            raise ChangedMeanwhile("group")
        record_change(tx, "group.updated", caller, "group", group.id, diff(before, after))
    return group


def delete_group(cmd: DeleteGroup, *, uow: IdentityUnitOfWorkFactory, caller: Principal) -> None:
    """Delete a group no sharing rule names (409 otherwise)."""
    with uow() as tx:
        group = _group(tx, cmd.group_id)
        group.check_version(cmd.expected_version)
        if tx.sharing_rules.naming("group", group.id):
            raise Conflict("The group is named by sharing rules; delete those first.")
        tx.groups.delete(group.id)
        record_change(tx, "group.deleted", caller, "group", group.id, group.state())
