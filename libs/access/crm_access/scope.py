"""Which records of a module a caller may act on, as a value and as a SQL condition.

:meth:`crm_access.decisions.Decider.record_scope` answers steps 6-11 of the decision order
with a :class:`RecordScope`; repositories turn it into ``owner_id IN (...)`` (or, for portal
callers, a match on the account or contact columns) so lists stay paged and index-backed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa


@dataclass(frozen=True)
class RecordScope:
    """Which records of a module a caller may act on.

    ``all``: every record. Otherwise a record qualifies when its owner (a user or a group id)
    is in ``owner_ids``; for portal callers, when it belongs to their account or contact.
    """

    all: bool = False
    owner_ids: frozenset[str] = frozenset()
    portal_account_id: str | None = None
    portal_contact_id: str | None = None

    def allows_owner(self, owner_id: Any) -> bool:
        return self.all or (owner_id is not None and str(owner_id) in self.owner_ids)

    def sql(
        self,
        owner_column: sa.ColumnElement[Any] | None,
        *,
        account_column: sa.ColumnElement[Any] | None = None,
        contact_column: sa.ColumnElement[Any] | None = None,
        convert: Any = str,
    ) -> sa.ColumnElement[bool] | None:
        """Return the WHERE condition for this scope; None means no restriction.

        ``convert`` maps an id string to the column's Python type (``uuid.UUID`` for UUID
        columns). A portal caller matches on the account or contact columns it is given.
        """
        if self.all:
            return None
        if self.portal_account_id or self.portal_contact_id:
            conditions = []
            if account_column is not None and self.portal_account_id:
                conditions.append(account_column == convert(self.portal_account_id))
            if contact_column is not None and self.portal_contact_id:
                conditions.append(contact_column == convert(self.portal_contact_id))
            return sa.or_(*conditions) if conditions else sa.false()
        values = []
        for owner in sorted(self.owner_ids):
            try:
                values.append(convert(owner))
            except ValueError:  # an id of another shape can own no row of this column
                continue
        if owner_column is None or not values:
            return sa.false()
        return owner_column.in_(values)


NOTHING = RecordScope()
EVERYTHING = RecordScope(all=True)
