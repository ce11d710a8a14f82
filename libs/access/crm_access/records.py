"""A service's access decisions on its own records, bound to its tables by configuration.

:class:`RecordAccess` is what a service's use cases and queries call:

- module checks (``require``, ``allows``) before any use case runs;
- record scope as SQL (``visible_filter``), added to every get, batch get, list, search,
  report and export query, so invisible records are never fetched (they answer 404);
- edit/delete on a visible record the caller may not change answers 403 (``require_on``);
- field access (``fields``, ``check_writable``): hidden fields are dropped from answers, and
  a write naming a hidden or read-only field is refused with 403 naming it;
- facts of the policy a service needs for its own rules (groups, active users, who manages
  whom, role names).

A service configures it with data, not code: which of its modules have no owner whatever
the snapshot lists (module access is enough to see all their records), and, per module,
which column (or loaded record attribute) holds the account and which the contact that a
portal caller's scope matches::

    RecordAccess(
        store,
        unowned={"vendors"},
        portal={"invoices": PortalMatch(account="account_id")},
        portal_hidden={"invoices": {"owner_id", "dunning_level"}},
    )

``portal_rows`` names, per module, a column and the values a record must hold for a portal
caller to see it at all (``{"quotes": ("approval_status", {"Approved"})}``: a draft is the
staff's business, not the customer's), on top of the own-account rule.

``portal_hidden`` names, per module, the staff-only fields a portal caller never sees
(answers leave them out; a filter or sort on one is refused), whatever the snapshot says:
the decision order lets portal callers see every field of their own records otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access.decisions import Decider
from crm_access.fields import FieldAccess
from crm_access.model import FieldMode
from crm_access.owners import check_owner, owner_problem
from crm_access.scope import RecordScope
from crm_access.store import PolicyStore
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden


@dataclass(frozen=True)
class PortalMatch:
    """Where a module's rows name the account and the contact a portal caller may match.

    Each is a column of the module's table and an attribute of its loaded records; None
    means the module's records carry no such reference (a portal caller matches nothing).
    """

    account: str | None = None
    contact: str | None = None


NO_PORTAL = PortalMatch()


class RecordAccess:
    """The service's access decisions, read from the newest stored policy."""

    def __init__(
        self,
        store: PolicyStore,
        *,
        unowned: Collection[str] = (),
        portal: Mapping[str, PortalMatch] | None = None,
        portal_default: PortalMatch = NO_PORTAL,
        id_type: Callable[[str], Any] = UUID,
        portal_hidden: Mapping[str, Collection[str]] | None = None,
        portal_rows: Mapping[str, tuple[str, Collection[str]]] | None = None,
    ) -> None:
        self.store = store
        self.unowned = frozenset(unowned)
        self.portal = dict(portal or {})
        self.portal_default = portal_default
        self.id_type = id_type
        self.portal_hidden = {m: frozenset(f) for m, f in (portal_hidden or {}).items()}
        self.portal_rows = {m: (c, tuple(v)) for m, (c, v) in (portal_rows or {}).items()}

    @property
    def policy(self) -> PolicyStore:
        """The hook the chassis's app and gRPC checks call (module-level, steps 1-5)."""
        return self.store

    def decider(self) -> Decider:
        return self.store.decider()

    # -- modules ----------------------------------------------------------------------------

    def require(self, principal: Principal, module: str, action: str) -> None:
        """Raise Forbidden unless the caller may do ``action`` on ``module`` at all."""
        self.decider().check(principal, module, action)

    def allows(self, principal: Principal, module: str, action: str) -> bool:
        return self.decider().allows(principal, module, action)

    def is_admin(self, principal: Principal) -> bool:
        return self.decider().is_admin(principal)

    # -- records ----------------------------------------------------------------------------

    def scope(self, principal: Principal, module: str, action: str = "view") -> RecordScope:
        return self.decider().record_scope(principal, module, action)

    def visible_filter(
        self, principal: Principal, module: str, table: sa.Table, action: str = "view"
    ) -> sa.ColumnElement[bool] | None:
        """Return the SQL condition selecting the rows of ``table`` the caller may see.

        None means no restriction. Portal callers match on their own account/contact.
        """
        if module in self.unowned:
            return None if self.allows(principal, module, action) else sa.false()
        match = self.portal.get(module, self.portal_default)
        owner = table.c.get("owner_id")
        # An owner kept as text (marketing's mailings) is compared as text: PostgreSQL has
        # no varchar = uuid operator, and SQLite would silently compare unlike values.
        text_owner = owner is not None and isinstance(owner.type, sa.String)
        condition = self.scope(principal, module, action).sql(
            owner,
            account_column=table.c.get(match.account) if match.account else None,
            contact_column=table.c.get(match.contact) if match.contact else None,
            convert=str if text_owner else self.id_type,
        )
        rows = self.portal_rows.get(module) if principal.kind == "portal" else None
        if rows is None:
            return condition
        only = table.c[rows[0]].in_(rows[1])
        return only if condition is None else sa.and_(condition, only)

    def allows_on(self, principal: Principal, module: str, action: str, record: Any) -> bool:
        """Return True when the caller may ``action`` this loaded record."""
        if module in self.unowned:
            return self.allows(principal, module, action)
        scope = self.scope(principal, module, action)
        if scope.all:
            return True
        if scope.portal_account_id or scope.portal_contact_id:
            match = self.portal.get(module, self.portal_default)
            rows = self.portal_rows.get(module)
            if rows is not None and getattr(record, rows[0], None) not in rows[1]:
                return False
            return _names(record, match.account, scope.portal_account_id) or _names(
                record, match.contact, scope.portal_contact_id
            )
        return scope.allows_owner(getattr(record, "owner_id", None))

    def can_see(self, principal: Principal, module: str, record: Any) -> bool:
        """Return True when the caller may see this loaded record."""
        return self.allows_on(principal, module, "view", record)

    def require_on(self, principal: Principal, module: str, action: str, record: Any) -> None:
        """Refuse (403) ``action`` on a record the caller can see but may not change."""
        if not self.allows_on(principal, module, action, record):
            raise Forbidden(f"You may not {action} this record.")

    # -- fields -----------------------------------------------------------------------------

    def fields(self, principal: Principal, module: str) -> FieldAccess:
        found = self.decider().fields(principal, module)
        staff_only = self.portal_hidden.get(module) if principal.kind == "portal" else None
        if not staff_only:
            return found
        hidden: FieldMode = "hidden"
        return FieldAccess({**found.modes, **dict.fromkeys(staff_only, hidden)})

    def check_writable(self, principal: Principal, module: str, names: Iterable[str]) -> None:
        """Raise 403 naming the first hidden or read-only field among ``names``."""
        self.fields(principal, module).check_writable(names)

    # -- facts of the policy ----------------------------------------------------------------

    def is_group(self, owner_id: Any) -> bool:
        """True when ``owner_id`` names a group of the current policy (groups may own)."""
        return any(g.id == str(owner_id) for g in self.decider().snapshot.groups)

    def group_members(self, group_id: str) -> list[str]:
        """Return the users named as members of ``group_id`` (none for an unknown group)."""
        for g in self.decider().snapshot.groups:
            if g.id == group_id:
                return list(g.user_ids)
        return []

    def active_users(self, user_ids: list[str]) -> set[str]:
        """Of ``user_ids``, those that may own records: active internal users (no portal)."""
        snapshot = self.decider().snapshot
        return {u for u in user_ids if owner_problem(snapshot, u, groups=False) is None}

    def administrators(self) -> list[str]:
        """The active administrators (staff users) the policy knows, by id."""
        users = self.decider().snapshot.users
        return sorted(u.id for u in users if u.is_admin and u.active and u.kind == "user")

    def is_owner(self, owner_id: Any, *, groups: bool = True) -> bool:
        """True when ``owner_id`` may own records (:func:`crm_access.owners.owner_problem`)."""
        return owner_problem(self.decider().snapshot, owner_id, groups=groups) is None

    def check_owner(
        self,
        owner_id: Any,
        field: str = "owner_id",
        *,
        groups: bool = True,
        unknown: Callable[[Any], None] | None = None,
    ) -> None:
        """The one owner rule (:func:`crm_access.owners.check_owner`): 422 naming ``field``
        unless ``owner_id`` is an active internal user (or, with ``groups``, a group)."""
        check_owner(self.decider().snapshot, owner_id, field, groups=groups, unknown=unknown)

    def manages(self, principal: Principal, owner_id: Any) -> bool:
        """True for administrators, and users whose role is above the owner's role."""
        decider = self.decider()
        if decider.is_admin(principal):
            return True
        me = decider.user(principal)
        owner = next((u for u in decider.snapshot.users if u.id == str(owner_id)), None)
        if me is None or me.role_id is None or owner is None or owner.role_id is None:
            return False
        return owner.role_id in decider.subordinate_roles(me.role_id)

    def has_role(self, principal: Principal, roles: list[str]) -> bool:
        """True for administrators, and callers holding one of ``roles`` (by id or name)."""
        decider = self.decider()
        if decider.is_admin(principal):
            return True
        wanted = set(roles)
        if wanted & set(principal.roles):
            return True
        snapshot = decider.snapshot
        me = next((u for u in snapshot.users if u.id == principal.subject), None)
        if me and me.role_id:
            names = {r.id: r.name for r in snapshot.roles}
            return me.role_id in wanted or names.get(me.role_id) in wanted
        return False


def _names(record: Any, attribute: str | None, wanted: str | None) -> bool:
    """True when ``record.<attribute>`` is the portal caller's ``wanted`` id."""
    if attribute is None or wanted is None:
        return False
    value = getattr(record, attribute, None)
    return value is not None and str(value) == wanted
