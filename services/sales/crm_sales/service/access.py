"""Who may do what: identity's policy (local copy) applied to sales' modules.

- module checks (``require``) before any use case runs;
- record scope as SQL (``visible_filter``) in every get, batch get, list, search, report and
  export query, so invisible records are never fetched (they answer 404);
- edit/delete on a visible record the caller may not change answers 403 (``require_on``);
- field access: hidden fields are dropped from answers, writes naming hidden or read-only
  fields are refused with 403.
Products and price books have no owner: module access is enough to see all of them.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_chassis.access import FieldAccess, PolicyStore, RecordScope
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden

LEADS = "leads"
OPPORTUNITIES = "opportunities"
QUOTES = "quotes"
SALES_ORDERS = "sales_orders"
ENQUIRIES = "enquiries"
PRODUCTS = "products"
PRICE_BOOKS = "price_books"
ACCOUNTS = "accounts"
CONTACTS = "contacts"
UNOWNED = frozenset({PRODUCTS, PRICE_BOOKS})
SETTINGS = "settings"


def caller_id(principal: Principal) -> UUID | None:
    """The caller as a record owner (service accounts and odd subjects own nothing)."""
    try:
        return UUID(principal.subject)
    except ValueError:
        return None


class Access:
    """The service's access decisions, read from the newest stored policy."""

    def __init__(self, store: PolicyStore) -> None:
        self.store = store

    @property
    def policy(self) -> PolicyStore:
        return self.store

    def require(self, principal: Principal, module: str, action: str) -> None:
        self.store.decider().check(principal, module, action)

    def allows(self, principal: Principal, module: str, action: str) -> bool:
        return self.store.decider().allows(principal, module, action)

    def require_admin(self, principal: Principal) -> None:
        """Settings (rules, mappings) are for administrators only (docs/domain.md step 2)."""
        if not self.store.decider().is_admin(principal):
            raise Forbidden("Only administrators may change sales settings.")

    def scope(self, principal: Principal, module: str, action: str = "view") -> RecordScope:
        return self.store.decider().record_scope(principal, module, action)

    def visible_filter(
        self, principal: Principal, module: str, table: sa.Table, action: str = "view"
    ) -> sa.ColumnElement[bool] | None:
        """SQL selecting the rows of ``table`` the caller may see; None means all."""
        if module in UNOWNED:
            return None
        scope = self.scope(principal, module, action)
        account = table.c.get("account_id")
        contact = table.c.get("contact_id")
        return scope.sql(
            table.c.owner_id, account_column=account, contact_column=contact, convert=UUID
        )

    def allows_on(self, principal: Principal, module: str, action: str, record: Any) -> bool:
        if module in UNOWNED:
            return True
        scope = self.scope(principal, module, action)
        if scope.all:
            return True
        if scope.portal_account_id or scope.portal_contact_id:
            acc, con = getattr(record, "account_id", None), getattr(record, "contact_id", None)
            return (
                scope.portal_account_id is not None and str(acc) == scope.portal_account_id
            ) or (scope.portal_contact_id is not None and str(con) == scope.portal_contact_id)
        return scope.allows_owner(record.owner_id)

    def can_see(self, principal: Principal, module: str, record: Any) -> bool:
        return self.allows_on(principal, module, "view", record)

    def require_on(self, principal: Principal, module: str, action: str, record: Any) -> None:
        if not self.allows_on(principal, module, action, record):
            raise Forbidden(f"You may not {action} this record.")

    def fields(self, principal: Principal, module: str) -> FieldAccess:
        return self.store.decider().fields(principal, module)

    def check_writable(self, principal: Principal, module: str, names: Any) -> None:
        self.fields(principal, module).check_writable(names)

    def group_members(self, group_id: str) -> list[str]:
        for g in self.store.decider().snapshot.groups:
            if g.id == group_id:
                return list(g.user_ids)
        return []

    def active_users(self, user_ids: list[str]) -> set[str]:
        """Of ``user_ids``, those the policy knows as active (round robin skips the rest)."""
        users = {u.id: u for u in self.store.decider().snapshot.users}
        return {u for u in user_ids if u in users and users[u].active}

    def has_role(self, principal: Principal, roles: list[str]) -> bool:
        if self.store.decider().is_admin(principal):
            return True
        wanted = set(roles)
        if wanted & set(principal.roles):
            return True
        snapshot = self.store.decider().snapshot
        me = next((u for u in snapshot.users if u.id == principal.subject), None)
        if me and me.role_id:
            names = {r.id: r.name for r in snapshot.roles}
            return me.role_id in wanted or names.get(me.role_id) in wanted
        return False
