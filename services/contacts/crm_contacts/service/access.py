"""Who may do what: the module-level check now, and the hook for record-level access later.

Today: administrators may do everything; everyone else needs the permission (``accounts.view``
for users, ``contacts.accounts.read`` scope for service accounts) and then sees every record.

Record-level access (owner, role hierarchy, groups, sharing rules; DOMAIN.md's decision
order) plugs in at :meth:`Access.visible_filter` (lists, gets and batch gets add its SQL
condition) and :meth:`Access.can_see` (writes check a loaded record). Both deliberately
answer "everything" for now.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from crm_chassis.access import AccessPolicy, ClaimsAccessPolicy
from crm_chassis.auth.principal import Principal

ACCOUNTS = "accounts"
CONTACTS = "contacts"
OWNERS = "owners"


class Access:
    def __init__(self, policy: AccessPolicy | None = None) -> None:
        self.policy = policy or ClaimsAccessPolicy("contacts")

    def require(self, principal: Principal, module: str, action: str) -> None:
        """Raise Forbidden unless the caller may do ``action`` on ``module`` at all."""
        self.policy.check(principal, module, action)

    def visible_filter(
        self, principal: Principal, module: str, table: sa.Table
    ) -> sa.ColumnElement[bool] | None:
        """Return the SQL condition selecting the rows of ``table`` the caller may see.

        None means no restriction. THE place where record-level access plugs in.
        """
        return None

    def can_see(self, principal: Principal, module: str, record: Any) -> bool:
        """Return True when the caller may see (and so act on) this loaded record."""
        return True
