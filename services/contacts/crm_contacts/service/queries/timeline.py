"""Timelines of accounts and contacts: newest first, keyset paged.

Reading applies access twice: the account or contact must be visible (404 otherwise), and
an entry about another module's record is shown only to callers who may view that module,
and, when the event named the record's owner, that owner's records (the record scope of
that module, in SQL). Each entry is then shown as the caller may see it: a field hidden
from the caller in the entry's module (an opportunity's amount) leaves the entry's amount,
summary and data (:func:`~crm_contacts.domain.timeline.as_seen`).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.pagination import decode_cursor, keyset, page
from crm_contacts.adapters.activity_repositories import entry_from_row
from crm_contacts.adapters.activity_tables import timeline_entries
from crm_contacts.domain.timeline import MODULES, TimelineEntry, as_seen
from crm_contacts.service.queries.records import Queries


class TimelineQueries:
    """Newest-first, keyset-paged timelines of accounts and contacts."""

    def __init__(self, db: Database, access: RecordAccess, queries: Queries) -> None:
        self.db = db
        self.access = access
        self.queries = queries

    def for_account(self, principal: Principal, account_id: UUID, **kw: Any):
        self.queries.get_account(principal, account_id)  # 404 unless visible
        return self._list(principal, timeline_entries.c.account_id == account_id, **kw)

    def for_contact(self, principal: Principal, contact_id: UUID, **kw: Any):
        self.queries.get_contact(principal, contact_id)
        return self._list(principal, timeline_entries.c.contact_id == contact_id, **kw)

    def _visible(self, principal: Principal) -> sa.ColumnElement[bool]:
        t = timeline_entries
        known = sorted(set(MODULES.values()))
        allowed: list[Any] = [t.c.module.notin_(known)]
        for module in known:
            scope = self.access.scope(principal, module, "view")
            if not scope.all and not scope.owner_ids:
                continue
            condition = scope.sql(t.c.owner_id, convert=UUID)
            if condition is None:
                allowed.append(t.c.module == module)
            else:
                allowed.append(
                    sa.and_(t.c.module == module, sa.or_(t.c.owner_id.is_(None), condition))
                )
        return sa.or_(*allowed)

    def _as_seen(self, principal: Principal, entries: list[TimelineEntry]) -> list[TimelineEntry]:
        """Each entry without what the caller's hidden fields of its module would show."""
        hidden: dict[str, frozenset[str]] = {}
        for entry in entries:
            if entry.module not in hidden:
                hidden[entry.module] = self.access.fields(principal, entry.module).hidden
        return [as_seen(e, hidden[e.module]) for e in entries]

    def _list(
        self,
        principal: Principal,
        where: sa.ColumnElement[bool],
        *,
        limit: int,
        cursor: str | None,
        event_type: str | None = None,
        source: str | None = None,
    ) -> tuple[list[TimelineEntry], str | None]:
        t = timeline_entries
        stmt = sa.select(t).where(where, self._visible(principal))
        if event_type:
            stmt = stmt.where(t.c.event_type == event_type)
        if source:
            stmt = stmt.where(t.c.source == source)
        after = decode_cursor(cursor, sort="occurred_at", descending=True) if cursor else None
        stmt = keyset(stmt, t.c.occurred_at, t.c.id, descending=True, after=after, limit=limit)
        with self.db.reading() as session:
            found = [entry_from_row(r) for r in session.execute(stmt)]
        found = self._as_seen(principal, found)
        return page(
            found,
            limit=limit,
            sort="occurred_at",
            descending=True,
            key=lambda e: (e.occurred_at, e.id),
        )
