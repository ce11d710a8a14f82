"""Admin use cases of the access model: roles, profiles, groups, sharing defaults and rules.

Every change is audited and marks the policy changed, so the unit of work publishes the new
snapshot (``identity.policy.changed.v1``) in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from crm_chassis.errors import Conflict, NotFound, PreconditionFailed
from crm_identity.domain import roles as role_rules
from crm_identity.domain.errors import InvalidField
from crm_identity.domain.groups import Group, unique
from crm_identity.domain.modules import OWNED
from crm_identity.domain.profiles import Profile, validate_fields, validate_modules
from crm_identity.domain.roles import Role, RoleInUse, check_no_cycle, validate_profile_ids
from crm_identity.domain.sharing import SharingRule, default_targets, validate_rule
from crm_identity.service.unit_of_work import Tx, UnitOfWork

_UNSET: Any = object()


def _not_found(what: str) -> NotFound:
    return NotFound(f"No such {what}.")


def _stale(what: str) -> PreconditionFailed:
    return PreconditionFailed(f"The {what} changed meanwhile; reload and retry.")


def _description(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) > 1000:
        raise InvalidField("description", "must be at most 1000 characters long")
    return text


@dataclass(frozen=True)
class RoleInput:
    name: str | None = None
    parent_id: UUID | None = None
    profile_ids: Sequence[UUID] | None = None
    description: str | None = None
    fields_set: frozenset[str] = field(default_factory=frozenset)


class AccessModel:
    """Use cases over roles, profiles, groups and sharing, for the admin REST API."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    # -- roles ---------------------------------------------------------------------------

    def list_roles(self) -> list[Role]:
        with self.uow.read() as tx:
            return tx.roles.all()

    def get_role(self, role_id: UUID) -> Role:
        with self.uow.read() as tx:
            role = tx.roles.get(role_id)
        if role is None:
            raise _not_found("role")
        return role

    def _check_profiles(self, tx: Tx, ids: Sequence[UUID]) -> tuple[UUID, ...]:
        ids = validate_profile_ids(ids)
        found = {p.id for p in tx.profiles.get_many(ids)}
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise InvalidField("profile_ids", f"no such profile(s) {missing}")
        return ids

    def create_role(self, data: RoleInput, actor: str | None) -> Role:
        name = role_rules.validate_name(data.name or "")
        if data.parent_id is None:
            raise InvalidField("parent_id", "a new role sits below an existing role")
        now = self.uow.clock()
        with self.uow.write() as tx:
            if tx.roles.get(data.parent_id) is None:
                raise InvalidField("parent_id", "no such role")
            profile_ids = self._check_profiles(tx, data.profile_ids or ())
            role = Role(
                uuid.uuid4(),
                name,
                data.parent_id,
                profile_ids,
                _description(data.description),
                now,
                now,
            )
            tx.roles.add(role)
            self._changed(tx, "role.created", actor, "role", role.id, _role_state(role))
        return role

    def update_role(
        self, role_id: UUID, data: RoleInput, expected_version: int | None, actor: str | None
    ) -> Role:
        with self.uow.write() as tx:
            role = tx.roles.get(role_id)
            if role is None:
                raise _not_found("role")
            role.check_version(expected_version)
            loaded = role.version
            before = _role_state(role)
            if "name" in data.fields_set:
                role.name = role_rules.validate_name(data.name or "")
            if "description" in data.fields_set:
                role.description = _description(data.description)
            if "profile_ids" in data.fields_set:
                role.profile_ids = self._check_profiles(tx, data.profile_ids or ())
            if "parent_id" in data.fields_set and data.parent_id != role.parent_id:
                if data.parent_id is None:
                    raise InvalidField("parent_id", "only the root role has no parent")
                if role.parent_id is None:
                    raise Conflict("The root role cannot be moved.")
                if tx.roles.get(data.parent_id) is None:
                    raise InvalidField("parent_id", "no such role")
                check_no_cycle(role.id, data.parent_id, tx.roles.parents())
                role.parent_id = data.parent_id
            after = _role_state(role)
            if after == before:
                return role
            role.touch(self.uow.clock())
            if not tx.roles.save(role, expected_version=loaded):
                raise _stale("role")
            self._changed(tx, "role.updated", actor, "role", role.id, _diff(before, after))
        return role

    def delete_role(self, role_id: UUID, expected_version: int | None, actor: str | None) -> None:
        with self.uow.write() as tx:
            role = tx.roles.get(role_id)
            if role is None:
                raise _not_found("role")
            role.check_version(expected_version)
            if tx.users.count_with_role(role_id):
                raise RoleInUse("users")
            if tx.roles.children_count(role_id):
                raise RoleInUse("subordinate roles")
            if tx.sharing_rules.naming("role", role_id):
                raise RoleInUse("sharing rules")
            if any(
                role_id in g.role_ids or role_id in g.role_and_subordinate_ids
                for g in tx.groups.all()
            ):
                raise RoleInUse("group memberships")
            tx.roles.delete(role_id)
            self._changed(tx, "role.deleted", actor, "role", role_id, _role_state(role))

    # -- profiles ------------------------------------------------------------------------

    def list_profiles(self) -> list[Profile]:
        with self.uow.read() as tx:
            return tx.profiles.all()

    def get_profile(self, profile_id: UUID) -> Profile:
        with self.uow.read() as tx:
            profile = tx.profiles.get(profile_id)
        if profile is None:
            raise _not_found("profile")
        return profile

    def create_profile(self, data: dict[str, Any], actor: str | None) -> Profile:
        now = self.uow.clock()
        profile = Profile(
            id=uuid.uuid4(),
            name=role_rules.validate_name(data.get("name") or ""),
            description=_description(data.get("description")),
            view_all=bool(data.get("view_all", False)),
            edit_all=bool(data.get("edit_all", False)),
            modules=validate_modules(data.get("modules") or {}),
            fields=validate_fields(data.get("fields") or {}),
            created_at=now,
            updated_at=now,
        )
        with self.uow.write() as tx:
            tx.profiles.add(profile)
            self._changed(tx, "profile.created", actor, "profile", profile.id, profile.state())
        return profile

    def update_profile(
        self,
        profile_id: UUID,
        data: dict[str, Any],
        expected_version: int | None,
        actor: str | None,
    ) -> Profile:
        with self.uow.write() as tx:
            profile = tx.profiles.get(profile_id)
            if profile is None:
                raise _not_found("profile")
            profile.check_version(expected_version)
            loaded = profile.version
            before = profile.state()
            for key, value in data.items():
                if value is None and key != "description":
                    raise InvalidField(key, "must not be null")
            if "name" in data:
                profile.name = role_rules.validate_name(data["name"])
            if "description" in data:
                profile.description = _description(data["description"])
            if "view_all" in data:
                profile.view_all = bool(data["view_all"])
            if "edit_all" in data:
                profile.edit_all = bool(data["edit_all"])
            if "modules" in data:
                profile.modules = validate_modules(data["modules"])
            if "fields" in data:
                profile.fields = validate_fields(data["fields"])
            after = profile.state()
            if after == before:
                return profile
            profile.touch(self.uow.clock())
            if not tx.profiles.save(profile, expected_version=loaded):
                raise _stale("profile")
            self._changed(tx, "profile.updated", actor, "profile", profile.id, _diff(before, after))
        return profile

    def delete_profile(
        self, profile_id: UUID, expected_version: int | None, actor: str | None
    ) -> None:
        with self.uow.write() as tx:
            profile = tx.profiles.get(profile_id)
            if profile is None:
                raise _not_found("profile")
            profile.check_version(expected_version)
            using = tx.roles.using_profile(profile_id)
            if using:
                raise Conflict(
                    f"The profile is used by role(s) {sorted(r.name for r in using)}; "
                    "take it off them first."
                )
            tx.profiles.delete(profile_id)
            self._changed(tx, "profile.deleted", actor, "profile", profile_id, profile.state())

    # -- groups --------------------------------------------------------------------------

    def list_groups(self) -> list[Group]:
        with self.uow.read() as tx:
            return tx.groups.all()

    def get_group(self, group_id: UUID) -> Group:
        with self.uow.read() as tx:
            group = tx.groups.get(group_id)
        if group is None:
            raise _not_found("group")
        return group

    def _check_members(self, tx: Tx, group: Group) -> None:
        users = {u.id for u in tx.users.get_many(list(group.user_ids))}
        missing = [str(i) for i in group.user_ids if i not in users]
        if missing:
            raise InvalidField("user_ids", f"no such user(s) {missing}")
        roles = set(tx.roles.parents())
        for name in ("role_ids", "role_and_subordinate_ids"):
            missing = [str(i) for i in getattr(group, name) if i not in roles]
            if missing:
                raise InvalidField(name, f"no such role(s) {missing}")

    def create_group(self, data: dict[str, Any], actor: str | None) -> Group:
        now = self.uow.clock()
        group = Group(
            id=uuid.uuid4(),
            name=role_rules.validate_name(data.get("name") or ""),
            description=_description(data.get("description")),
            user_ids=unique(data.get("user_ids") or ()),
            role_ids=unique(data.get("role_ids") or ()),
            role_and_subordinate_ids=unique(data.get("role_and_subordinate_ids") or ()),
            created_at=now,
            updated_at=now,
        )
        with self.uow.write() as tx:
            self._check_members(tx, group)
            tx.groups.add(group)
            self._changed(tx, "group.created", actor, "group", group.id, group.state())
        return group

    def update_group(
        self,
        group_id: UUID,
        data: dict[str, Any],
        expected_version: int | None,
        actor: str | None,
    ) -> Group:
        with self.uow.write() as tx:
            group = tx.groups.get(group_id)
            if group is None:
                raise _not_found("group")
            group.check_version(expected_version)
            loaded = group.version
            before = group.state()
            for key, value in data.items():
                if value is None and key != "description":
                    raise InvalidField(key, "must not be null")
            if "name" in data:
                group.name = role_rules.validate_name(data["name"])
            if "description" in data:
                group.description = _description(data["description"])
            for name in ("user_ids", "role_ids", "role_and_subordinate_ids"):
                if name in data:
                    setattr(group, name, unique(data[name]))
            after = group.state()
            if after == before:
                return group
            self._check_members(tx, group)
            group.touch(self.uow.clock())
            if not tx.groups.save(group, expected_version=loaded):
                raise _stale("group")
            self._changed(tx, "group.updated", actor, "group", group.id, _diff(before, after))
        return group

    def delete_group(self, group_id: UUID, expected_version: int | None, actor: str | None) -> None:
        with self.uow.write() as tx:
            group = tx.groups.get(group_id)
            if group is None:
                raise _not_found("group")
            group.check_version(expected_version)
            if tx.sharing_rules.naming("group", group_id):
                raise Conflict("The group is named by sharing rules; delete those first.")
            tx.groups.delete(group_id)
            self._changed(tx, "group.deleted", actor, "group", group_id, group.state())

    # -- sharing defaults ----------------------------------------------------------------

    def sharing_defaults(self) -> dict[str, str]:
        with self.uow.read() as tx:
            stored = tx.sharing_defaults.all()
        return {m: stored.get(m, "private") for m in OWNED}

    def set_sharing_default(self, module: str, access: str, actor: str | None) -> dict[str, str]:
        """Set one module's default (accounts and contacts move together); return all."""
        targets = default_targets(module, access)
        now = self.uow.clock()
        with self.uow.write() as tx:
            before = tx.sharing_defaults.all()
            if all(before.get(m, "private") == access for m in targets):
                return {m: before.get(m, "private") for m in OWNED}
            for m in targets:
                tx.sharing_defaults.set(m, access, now)
            self._changed(
                tx,
                "sharing_default.updated",
                actor,
                "sharing_default",
                module,
                {"modules": list(targets), "access": access, "was": before.get(module, "private")},
            )
            after = tx.sharing_defaults.all()
        return {m: after.get(m, "private") for m in OWNED}

    # -- sharing rules -------------------------------------------------------------------

    def list_rules(self) -> list[SharingRule]:
        with self.uow.read() as tx:
            return tx.sharing_rules.all()

    def get_rule(self, rule_id: UUID) -> SharingRule:
        with self.uow.read() as tx:
            rule = tx.sharing_rules.get(rule_id)
        if rule is None:
            raise _not_found("sharing rule")
        return rule

    def _check_party(self, tx: Tx, prefix: str, kind: str, party_id: UUID) -> None:
        if kind == "group":
            exists = tx.groups.get(party_id) is not None
        else:
            exists = tx.roles.get(party_id) is not None
        if not exists:
            raise InvalidField(f"{prefix}_id", f"no such {'group' if kind == 'group' else 'role'}")

    def create_rule(self, data: dict[str, Any], actor: str | None) -> SharingRule:
        validate_rule(
            data["module"], data["source_kind"], data["target_kind"], data.get("access") or "read"
        )
        now = self.uow.clock()
        rule = SharingRule(
            uuid.uuid4(),
            data["module"],
            data["source_kind"],
            data["source_id"],
            data["target_kind"],
            data["target_id"],
            data.get("access") or "read",
            now,
            now,
        )
        with self.uow.write() as tx:
            self._check_party(tx, "source", rule.source_kind, rule.source_id)
            self._check_party(tx, "target", rule.target_kind, rule.target_id)
            tx.sharing_rules.add(rule)
            self._changed(tx, "sharing_rule.created", actor, "sharing_rule", rule.id, rule.state())
        return rule

    def update_rule(
        self,
        rule_id: UUID,
        data: dict[str, Any],
        expected_version: int | None,
        actor: str | None,
    ) -> SharingRule:
        with self.uow.write() as tx:
            rule = tx.sharing_rules.get(rule_id)
            if rule is None:
                raise _not_found("sharing rule")
            rule.check_version(expected_version)
            loaded = rule.version
            before = rule.state()
            for key, value in data.items():
                if value is None:
                    raise InvalidField(key, "must not be null")
                setattr(rule, key, value)
            validate_rule(rule.module, rule.source_kind, rule.target_kind, rule.access)
            after = rule.state()
            if after == before:
                return rule
            self._check_party(tx, "source", rule.source_kind, rule.source_id)
            self._check_party(tx, "target", rule.target_kind, rule.target_id)
            rule.touch(self.uow.clock())
            if not tx.sharing_rules.save(rule, expected_version=loaded):
                raise _stale("sharing rule")
            self._changed(
                tx, "sharing_rule.updated", actor, "sharing_rule", rule.id, _diff(before, after)
            )
        return rule

    def delete_rule(self, rule_id: UUID, expected_version: int | None, actor: str | None) -> None:
        with self.uow.write() as tx:
            rule = tx.sharing_rules.get(rule_id)
            if rule is None:
                raise _not_found("sharing rule")
            rule.check_version(expected_version)
            tx.sharing_rules.delete(rule_id)
            self._changed(tx, "sharing_rule.deleted", actor, "sharing_rule", rule_id, rule.state())

    # -- shared --------------------------------------------------------------------------

    @staticmethod
    def _changed(
        tx: Tx,
        type_: str,
        actor: str | None,
        subject_type: str,
        subject_id: Any,
        details: dict[str, Any],
    ) -> None:
        tx.audit.record(
            type_, actor_id=actor, subject_type=subject_type, subject_id=subject_id, details=details
        )
        tx.mark_policy_changed()


def _role_state(role: Role) -> dict[str, Any]:
    return {
        "name": role.name,
        "parent_id": str(role.parent_id) if role.parent_id else None,
        "profile_ids": [str(i) for i in role.profile_ids],
        "description": role.description,
    }


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What changed: ``{field: {"from": old, "to": new}}``."""
    return {
        k: {"from": before.get(k), "to": after.get(k)}
        for k in after
        if before.get(k) != after.get(k)
    }
