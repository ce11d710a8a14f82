"""Lead conversion's storage: match locks, the conversions made, and the match look-ups.

Locks are portable: the key rows are inserted with ON CONFLICT DO NOTHING and then read
FOR UPDATE, sorted, as the transaction's first write. On PostgreSQL the row locks make a
second conversion with a common key wait until the first commits (its later SELECTs, in READ
COMMITTED, then see the first's account); on SQLite the write transaction (BEGIN IMMEDIATE)
already holds the database's single write lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_contacts.adapters.activity_tables import calendar_events, notes, tasks
from crm_contacts.adapters.tables import accounts, contacts, lead_conversions, match_locks
from crm_contacts.domain.lead_conversions import LeadConversionResult, MovedActivity

#: How many matches are looked at (oldest first) for one that the caller may see.
MAX_CANDIDATES = 20


class LeadConversionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def lock(self, keys: Sequence[str], now: datetime) -> None:
        """Take the lock rows of ``keys`` (creating them when new), in sorted order."""
        dialect = self.session.get_bind().dialect.name
        if dialect == "sqlite":
            # BEGIN IMMEDIATE (and the write gate before it) already holds the database's
            # single write lock: lock rows would serialise nothing more, and were ~12 % of
            # a conversion's CPU inside that lock (py-spy, GIL view).
            return
        ordered = sorted(set(keys))
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        # One multi-row statement: the rows conflict only on their own keys.
        stmt = insert(match_locks).values([{"key": key, "created_at": now} for key in ordered])
        self.session.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))
        self.session.execute(
            sa.select(match_locks.c.key)
            .where(match_locks.c.key.in_(ordered))
            .order_by(match_locks.c.key)
            .with_for_update()
        ).all()

    def get(self, lead_id: UUID) -> LeadConversionResult | None:
        row = self.session.execute(_BY_LEAD, {"lead_id": lead_id}).first()
        if row is None:
            return None
        return LeadConversionResult(
            lead_id=row.lead_id,
            account_id=row.account_id,
            contact_id=row.contact_id,
            existing_account=row.existing_account,
            existing_contact=row.existing_contact,
        )

    def add(self, result: LeadConversionResult, now: datetime) -> None:
        # Parameters of one cached statement, not .values(): no statement built per call.
        self.session.execute(
            sa.insert(lead_conversions),
            {
                "lead_id": result.lead_id,
                "account_id": result.account_id,
                "contact_id": result.contact_id,
                "existing_account": result.existing_account,
                "existing_contact": result.existing_contact,
                "converted_at": now,
            },
        )

    def account_candidates(
        self, name_key: str | None, domain: str | None, limit: int = MAX_CANDIDATES
    ) -> list[UUID]:
        """Live accounts with this name key (oldest first), then with this web domain."""
        found: list[UUID] = []
        for stmt, value in ((_BY_NAME_KEY, name_key), (_BY_DOMAIN, domain)):
            if value:
                found += self.session.execute(stmt, {"value": value, "limit": limit}).scalars()
        return list(dict.fromkeys(found))

    def contact_candidates(self, email: str | None, limit: int = MAX_CANDIDATES) -> list[UUID]:
        """Live contacts with this e-mail (case-insensitive), oldest first."""
        if not email:
            return []
        params = {"value": email.lower(), "limit": limit}
        return list(self.session.execute(_BY_EMAIL, params).scalars())

    def move_lead_activities(
        self, lead_id: UUID, contact_id: UUID, now: datetime
    ) -> list[MovedActivity]:
        """Tasks, calls/meetings and notes about the lead now are about its contact (one
        UPDATE per table holding some); returns what moved. A second call finds nothing
        left to move."""
        # Most leads have no activities: one probe over the three tables instead of a
        # SELECT and an UPDATE per table (six statements inside the write lock per
        # conversion, ~20 % of contacts' CPU under ConvertLead in py-spy's GIL view).
        kinds = set(self.session.execute(_PROBE, {"lead_id": lead_id}).scalars())
        moved: list[MovedActivity] = []
        for kind, table in _ACTIVITY_TABLES:
            if kind not in kinds:
                continue
            on_lead = sa.and_(table.c.related_type == "lead", table.c.related_id == lead_id)
            moved += [
                _moved(kind, row) for row in self.session.execute(sa.select(table).where(on_lead))
            ]
            self.session.execute(
                sa.update(table)
                .where(on_lead)
                .values(
                    related_type="contact",
                    related_id=contact_id,
                    version=table.c.version + 1,
                    updated_at=now,
                )
            )
        return moved


_BY_LEAD = sa.select(lead_conversions).where(lead_conversions.c.lead_id == sa.bindparam("lead_id"))


def _live_by(table: sa.Table, column: sa.Column) -> sa.Select:
    """Live records with ``column == :value``, oldest first, at most ``:limit`` (one
    statement built once: the match look-ups run inside the write lock)."""
    return (
        sa.select(table.c.id)
        .where(column == sa.bindparam("value"), table.c.deleted_at.is_(None))
        .where(table.c.merged_into_id.is_(None))
        .order_by(table.c.created_at, table.c.id)
        .limit(sa.bindparam("limit"))
    )


_BY_NAME_KEY = _live_by(accounts, accounts.c.dedupe_name)
_BY_DOMAIN = _live_by(accounts, accounts.c.web_domain)
_BY_EMAIL = _live_by(contacts, contacts.c.email_lc)
_ACTIVITY_TABLES = (("task", tasks), ("event", calendar_events), ("note", notes))
#: Which of the activity tables hold rows about the lead (``:lead_id``), one statement.
_PROBE = sa.union_all(
    *(
        sa.select(sa.literal_column(f"'{kind}'")).where(
            sa.exists().where(
                table.c.related_type == "lead", table.c.related_id == sa.bindparam("lead_id")
            )
        )
        for kind, table in _ACTIVITY_TABLES
    )
)


def _moved(kind: str, row: Any) -> MovedActivity:
    if kind == "note":
        return MovedActivity("note", row.id, row.body, None, row.owner_id, row.created_at)
    label = row.kind if kind == "event" else "task"
    return MovedActivity(label, row.id, row.title, row.status, row.owner_id, row.created_at)
