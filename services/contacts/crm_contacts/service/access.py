"""Who may do what: identity's policy (local copy) applied to contacts' modules.

Decisions come from :mod:`crm_chassis.access` (docs/domain.md's order, steps 1-11) over the
service's copy of the policy (:class:`~crm_chassis.access.PolicyStore`, table
``access_policy``, fed by identity's events and a start-up fetch). This module only binds
that to our tables:

- module checks (``require``) before any use case runs;
- record scope as SQL (``visible_filter``), added to every get, batch get, list, search
  and export query, so invisible records are never fetched (they answer 404);
- edit/delete on a visible record the caller may not change answers 403 (``require_on``);
- field access (``fields``): hidden fields are dropped from every answer, and a write
  naming a hidden or read-only field is refused with 403 naming it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_chassis.access import FieldAccess, PolicyStore, RecordScope
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden

ACCOUNTS = "accounts"
CONTACTS = "contacts"
OWNERS = "owners"


class Access:
    """The service's access decisions, read from the newest stored policy."""

    def __init__(self, store: PolicyStore) -> None:
        self.store = store

    @property
    def policy(self) -> PolicyStore:
        """The hook the chassis's app and gRPC checks call (module-level, steps 1-5)."""
        return self.store

    def require(self, principal: Principal, module: str, action: str) -> None:
        """Raise Forbidden unless the caller may do ``action`` on ``module`` at all."""
        self.store.decider().check(principal, module, action)

    def scope(self, principal: Principal, module: str, action: str = "view") -> RecordScope:
        return self.store.decider().record_scope(principal, module, action)

    def visible_filter(
        self, principal: Principal, module: str, table: sa.Table, action: str = "view"
    ) -> sa.ColumnElement[bool] | None:
        """Return the SQL condition selecting the rows of ``table`` the caller may see.

        None means no restriction. Portal callers match on their own account/contact.
        """
        scope = self.scope(principal, module, action)
        account_col = table.c.get("account_id") if module == CONTACTS else table.c.id
        contact_col = table.c.id if module == CONTACTS else None
        return scope.sql(
            table.c.owner_id,
            account_column=account_col,
            contact_column=contact_col,
            convert=UUID,
        )

    def can_see(self, principal: Principal, module: str, record: Any) -> bool:
        """Return True when the caller may see this loaded record."""
        return self._allows(principal, module, "view", record)

    def require_on(self, principal: Principal, module: str, action: str, record: Any) -> None:
        """Refuse (403) ``action`` on a record the caller can see but may not change."""
        if not self._allows(principal, module, action, record):
            raise Forbidden(f"You may not {action} this record.")

    def fields(self, principal: Principal, module: str) -> FieldAccess:
        return self.store.decider().fields(principal, module)

    def check_writable(self, principal: Principal, module: str, names: Any) -> None:
        """Raise 403 naming the first hidden or read-only field among ``names``."""
        self.fields(principal, module).check_writable(names)

    def is_group(self, owner_id: Any) -> bool:
        """True when ``owner_id`` names a group of the current policy (groups may own)."""
        groups = self.store.decider().snapshot.groups
        return any(g.id == str(owner_id) for g in groups)

    def manages(self, principal: Principal, owner_id: Any) -> bool:
        """True for administrators, and users whose role is above the owner's role."""
        decider = self.store.decider()
        if decider.is_admin(principal):
            return True
        me = decider.user(principal)
        owner = next((u for u in decider.snapshot.users if u.id == str(owner_id)), None)
        if me is None or me.role_id is None or owner is None or owner.role_id is None:
            return False
        return owner.role_id in decider.subordinate_roles(me.role_id)

    def _allows(self, principal: Principal, module: str, action: str, record: Any) -> bool:
        scope = self.scope(principal, module, action)
        if scope.all:
            return True
        if scope.portal_account_id or scope.portal_contact_id:
            account = record.account_id if module == CONTACTS else record.id
            contact = record.id if module == CONTACTS else None
            return (
                scope.portal_account_id is not None and str(account) == scope.portal_account_id
            ) or (scope.portal_contact_id is not None and str(contact) == scope.portal_contact_id)
        return scope.allows_owner(record.owner_id)
