"""Who may do what: identity's policy (local copy) applied to billing's modules.

Decisions come from :mod:`crm_chassis.access` over the service's copy of the policy. This
module binds them to our tables: module checks before a use case runs, record scope as
SQL added to every get, batch get, list and report query (invisible records answer 404),
403 for a visible record the caller may not change, and field access (hidden fields
dropped from answers, hidden or read-only fields refused in writes with 403).

Invoices, payments and credit notes are owned (``owner_id``) and belong to an account,
which is what a portal caller's scope matches; vendors are unowned (every caller with
module access sees all); purchase orders are owned and never visible to portal callers.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_chassis.access import FieldAccess, PolicyStore, RecordScope
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Forbidden

INVOICES = "invoices"
PAYMENTS = "payments"
CREDIT_NOTES = "credit_notes"
VENDORS = "vendors"
PURCHASE_ORDERS = "purchase_orders"
WITH_ACCOUNT = frozenset({INVOICES, PAYMENTS, CREDIT_NOTES})
# Vendors have no owner whatever the snapshot lists (docs/domain.md step 7).
UNOWNED = frozenset({VENDORS})


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
        """The SQL condition selecting the rows of ``table`` the caller may see (None: all)."""
        if module in UNOWNED:
            return None if self.store.decider().allows(principal, module, action) else sa.false()
        scope = self.scope(principal, module, action)
        owner = table.c.get("owner_id")
        account = table.c.get("account_id") if module in WITH_ACCOUNT else None
        return scope.sql(owner, account_column=account, convert=UUID)

    def allows(self, principal: Principal, module: str, action: str, record: Any) -> bool:
        if module in UNOWNED:
            return self.store.decider().allows(principal, module, action)
        scope = self.scope(principal, module, action)
        if scope.all:
            return True
        if scope.portal_account_id or scope.portal_contact_id:
            account = getattr(record, "account_id", None) if module in WITH_ACCOUNT else None
            return account is not None and str(account) == scope.portal_account_id
        return scope.allows_owner(getattr(record, "owner_id", None))

    def can_see(self, principal: Principal, module: str, record: Any) -> bool:
        return self.allows(principal, module, "view", record)

    def require_on(self, principal: Principal, module: str, action: str, record: Any) -> None:
        """Refuse (403) ``action`` on a record the caller can see but may not change."""
        if not self.allows(principal, module, action, record):
            raise Forbidden(f"You may not {action} this record.")

    def fields(self, principal: Principal, module: str) -> FieldAccess:
        return self.store.decider().fields(principal, module)

    def check_writable(self, principal: Principal, module: str, names: Any) -> None:
        """Raise 403 naming the first hidden or read-only field among ``names``."""
        self.fields(principal, module).check_writable(names)
