"""Decide what a caller may do, from a policy snapshot, in docs/domain.md's (vtiger's) order.

1. administrators may do everything; 2. ``settings`` is for administrators only;
3. a profile's "view all" / "edit all"; 4. module access; 5. the profile's action permission;
6. no record involved: allowed; 7. modules without ownership: allowed; 8. the caller owns
the record; 9. the owner is in a role below the caller's; 10. the owning group contains the
caller; 11. otherwise the module's default sharing and the sharing rules.

Steps 8-11 depend on nothing but the record's owner, so the record-level answer is a set
of owner ids (:class:`RecordScope`) that a repository turns into ``owner_id IN (...)``: lists
and searches stay paged and index-backed instead of filtering after the fetch.

Callers who are not users: service accounts act within their OAuth scopes
(``<service>.<module>.read|write``) on every record and field; portal users act only within
``portal.*`` scopes, on the records of their own account or contact, which the service
applies (:attr:`RecordScope.portal_account_id`). A user the snapshot does not know yet (just
created, event still on its way) is judged by the permissions in their token and sees only
their own records plus public sharing.
"""

from __future__ import annotations

from typing import Any

from crm_access.fields import ALL_FIELDS, FieldAccess
from crm_access.model import (
    ACTIONS,
    READ_ACTIONS,
    FieldMode,
    PolicySnapshot,
    Profile,
    SharingRule,
    UserFacts,
)
from crm_access.scope import EVERYTHING, NOTHING, RecordScope
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden

SETTINGS = "settings"
# Default sharing -> the record actions it opens to everyone with module access.
_PUBLIC: dict[str, frozenset[str]] = {
    "private": frozenset(),
    "public_read": frozenset({"view", "export"}),
    "public_read_write": frozenset({"view", "export", "edit"}),
    "public_read_write_delete": frozenset({"view", "export", "edit", "delete"}),
}
_RULE: dict[str, frozenset[str]] = {
    "read": frozenset({"view", "export"}),
    "read_write": frozenset({"view", "export", "edit"}),
}
_MODE_RANK: dict[str, int] = {"hidden": 0, "read_only": 1, "editable": 2}


class Decider:
    """Answers access questions against one immutable snapshot; cheap to build, thread-safe."""

    def __init__(self, snapshot: PolicySnapshot, service: str = "") -> None:
        self.snapshot = snapshot
        self.service = service
        self._users = {u.id: u for u in snapshot.users}
        self._roles = {r.id: r for r in snapshot.roles}
        self._profiles = {p.id: p for p in snapshot.profiles}
        self._groups = {g.id: g for g in snapshot.groups}
        self._unowned = frozenset(snapshot.unowned_modules)
        self._parents = {r.id: r.parent_id for r in snapshot.roles}
        self._children: dict[str, list[str]] = {}
        for role in snapshot.roles:
            if role.parent_id:
                self._children.setdefault(role.parent_id, []).append(role.id)
        self._users_by_role: dict[str, set[str]] = {}
        for user in snapshot.users:
            if user.role_id:
                self._users_by_role.setdefault(user.role_id, set()).add(user.id)
        self._scope_cache: dict[tuple[str, str, str], RecordScope] = {}
        self._revoked = {(r.kind, r.id) for r in snapshot.revocations}

    # -- facts ------------------------------------------------------------------------------

    @property
    def version(self) -> int:
        return self.snapshot.version

    def user(self, principal: Principal) -> UserFacts | None:
        return self._users.get(principal.subject)

    def is_revoked(self, principal: Principal) -> bool:
        """True when the snapshot knows the user and says they are inactive, or lists the
        token (its ``jti``) or its sign-in session (its ``sid``) as revoked (deny-list)."""
        if self._revoked:
            if principal.token_id and ("token", str(principal.token_id)) in self._revoked:
                return True
            session = principal.claims.get("sid") if principal.claims else None
            if session and ("session", str(session)) in self._revoked:
                return True
        user = self._users.get(principal.subject)
        return user is not None and not user.active

    def is_admin(self, principal: Principal) -> bool:
        if principal.kind != "user":
            return False
        user = self._users.get(principal.subject)
        if user is not None:
            return user.active and user.is_admin
        return principal.is_admin

    def subordinate_roles(self, role_id: str) -> set[str]:
        """Return the roles strictly below ``role_id``."""
        found: set[str] = set()
        stack = list(self._children.get(role_id, ()))
        while stack:
            rid = stack.pop()
            if rid not in found:
                found.add(rid)
                stack.extend(self._children.get(rid, ()))
        return found

    def _profiles_of(self, principal: Principal) -> list[Profile]:
        user = self._users.get(principal.subject)
        if user is None or user.role_id is None:
            return []
        role = self._roles.get(user.role_id)
        if role is None:
            return []
        return [self._profiles[p] for p in role.profile_ids if p in self._profiles]

    def groups_of(self, user_id: str) -> set[str]:
        """Return the groups whose members include ``user_id`` (directly or by role)."""
        user = self._users.get(user_id)
        role_id = user.role_id if user else None
        above: set[str] = set()
        if role_id:
            rid: str | None = role_id
            while rid:
                above.add(rid)
                rid = self._parents.get(rid)
        found = set()
        for group in self._groups.values():
            if (
                user_id in group.user_ids
                or (role_id is not None and role_id in group.role_ids)
                or above.intersection(group.role_and_subordinate_ids)
            ):
                found.add(group.id)
        return found

    def _members(self, kind: str, source_id: str) -> set[str]:
        """Return the owner ids (users, and the group itself) a rule source or target names."""
        if kind == "role":
            return set(self._users_by_role.get(source_id, ()))
        if kind == "role_and_subordinates":
            ids: set[str] = set()
            for rid in {source_id} | self.subordinate_roles(source_id):
                ids |= self._users_by_role.get(rid, set())
            return ids
        group = self._groups.get(source_id)
        if group is None:
            return set()
        ids = {source_id, *group.user_ids}
        for rid in group.role_ids:
            ids |= self._users_by_role.get(rid, set())
        for top in group.role_and_subordinate_ids:
            for rid in {top} | self.subordinate_roles(top):
                ids |= self._users_by_role.get(rid, set())
        return ids

    # -- steps 1-5: may the caller do this action in this module at all ---------------------

    def allows(self, principal: Principal, module: str, action: str) -> bool:
        if principal.kind == "service":
            return self._scope_allows(principal, self.service, module, action)
        if principal.kind == "portal":
            return self._scope_allows(principal, "portal", module, action)
        user = self._users.get(principal.subject)
        if user is not None and not user.active:
            return False
        if self.is_admin(principal):
            return True
        if module == SETTINGS:
            return False
        if user is None:
            # Not in the snapshot yet: trust the permissions identity signed into the token.
            return principal.grants(f"{module}.{action}")
        profiles = self._profiles_of(principal)
        if action in READ_ACTIONS - {"export"} and any(p.view_all for p in profiles):
            return True
        if action in {"create", "edit", "delete"} and any(p.edit_all for p in profiles):
            return True
        wanted = "view" if action in {"read", "list"} else action
        return any(wanted in p.modules.get(module, ()) for p in profiles)

    @staticmethod
    def _scope_allows(principal: Principal, prefix: str, module: str, action: str) -> bool:
        access = "read" if action in READ_ACTIONS else "write"
        held = principal.scopes
        wanted = {f"{prefix}.{module}.{access}", f"{prefix}.{module}.*", f"{prefix}.*.{access}"}
        return bool((wanted | {f"{prefix}.*"}) & held)

    def check(self, principal: Principal, module: str, action: str) -> None:
        """Raise Forbidden unless the caller may do ``action`` on ``module`` (steps 1-5)."""
        if not self.allows(principal, module, action):
            raise Forbidden(f"You may not {action} {module}.")

    # -- steps 6-11: which records ---------------------------------------------------------

    def record_scope(self, principal: Principal, module: str, action: str = "view") -> RecordScope:
        """Return the records of ``module`` the caller may ``action`` (after :meth:`allows`)."""
        action = "view" if action in {"read", "list"} else action
        key = (principal.subject, module, action)
        cached = self._scope_cache.get(key)
        if cached is not None and principal.kind == "user":
            return cached
        scope = self._record_scope(principal, module, action)
        if principal.kind == "user":
            self._scope_cache[key] = scope
        return scope

    def _record_scope(self, principal: Principal, module: str, action: str) -> RecordScope:
        if not self.allows(principal, module, action):
            return NOTHING
        if principal.kind == "service":
            return EVERYTHING
        if principal.kind == "portal":
            claims = principal.claims
            account, contact = claims.get("account_id"), claims.get("contact_id")
            if not account and not contact:
                return NOTHING
            return RecordScope(
                portal_account_id=str(account) if account else None,
                portal_contact_id=str(contact) if contact else None,
            )
        if self.is_admin(principal) or module in self._unowned:
            return EVERYTHING
        profiles = self._profiles_of(principal)
        if action in {"view", "export"} and any(p.view_all for p in profiles):
            return EVERYTHING
        if action in {"edit", "delete"} and any(p.edit_all for p in profiles):
            return EVERYTHING
        default = self.snapshot.sharing_defaults.get(module, "private")
        if action in _PUBLIC[default]:
            return EVERYTHING
        me = principal.subject
        owners = {me}
        user = self._users.get(me)
        if user is not None and user.role_id:
            for rid in self.subordinate_roles(user.role_id):
                owners |= self._users_by_role.get(rid, set())
        my_groups = self.groups_of(me)
        owners |= my_groups
        for rule in self.snapshot.sharing_rules:
            if rule.module == module and action in _RULE[rule.access]:
                if self._rule_targets(rule, me, my_groups):
                    owners |= self._members(rule.source_kind, rule.source_id)
        return RecordScope(owner_ids=frozenset(owners))

    def _rule_targets(self, rule: SharingRule, user_id: str, my_groups: set[str]) -> bool:
        if rule.target_kind == "group":
            return rule.target_id in my_groups
        return user_id in self._members(rule.target_kind, rule.target_id)

    def can_act(self, principal: Principal, module: str, action: str, owner_id: Any) -> bool:
        """Return True when the caller may ``action`` a record owned by ``owner_id``."""
        return self.record_scope(principal, module, action).allows_owner(owner_id)

    def explain(self, principal: Principal, module: str, action: str, owner_id: Any) -> str:
        """Say which step of the decision order allows or refuses ``action`` on a record.

        For support and admins asking "why can this user see this record"; never shown to
        the caller about records they may not see.
        """
        owner = str(owner_id) if owner_id is not None else None
        if not self.allows(principal, module, action):
            return f"refused: no '{action}' permission on {module}"
        if principal.kind == "service":
            return "allowed: service account scope"
        if principal.kind == "portal":
            return "portal: limited to the caller's own account and contact"
        if self.is_admin(principal):
            return "allowed: administrator"
        if module in self._unowned:
            return f"allowed: {module} records have no owner"
        if owner == principal.subject:
            return "allowed: the caller owns the record"
        user = self._users.get(principal.subject)
        owner_facts = self._users.get(owner or "")
        if user and user.role_id and owner_facts and owner_facts.role_id:
            if owner_facts.role_id in self.subordinate_roles(user.role_id):
                return "allowed: the owner's role is below the caller's"
        if owner in self.groups_of(principal.subject):
            return "allowed: the record's owning group contains the caller"
        default = self.snapshot.sharing_defaults.get(module, "private")
        if self.record_scope(principal, module, action).all:
            return f"allowed: profile or default sharing ({default})"
        if self.can_act(principal, module, action, owner_id):
            return "allowed: a sharing rule"
        return f"refused: default sharing is {default} and no sharing rule applies"

    # -- fields -----------------------------------------------------------------------------

    def fields(self, principal: Principal, module: str) -> FieldAccess:
        """Return the field modes for the caller: the most permissive across their profiles."""
        if principal.kind != "user" or self.is_admin(principal):
            return ALL_FIELDS
        profiles = self._profiles_of(principal)
        if not profiles:
            return ALL_FIELDS
        named: set[str] = set()
        for p in profiles:
            named |= set(p.fields.get(module, {}))
        modes: dict[str, FieldMode] = {}
        for name in named:
            best: FieldMode = "hidden"
            for p in profiles:
                mode = p.fields.get(module, {}).get(name, "editable")
                if _MODE_RANK[mode] > _MODE_RANK[best]:
                    best = mode
            if best != "editable":
                modes[name] = best
        return FieldAccess(modes)

    def actions(self, principal: Principal, module: str) -> list[str]:
        """Return the module actions the caller holds (for ``/me`` and UIs)."""
        return [a for a in ACTIONS if self.allows(principal, module, a)]
