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
        ordered = sorted(set(keys))
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        for key in ordered:
            stmt = insert(match_locks).values(key=key, created_at=now)
            self.session.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))
        self.session.execute(
            sa.select(match_locks.c.key)
            .where(match_locks.c.key.in_(ordered))
            .order_by(match_locks.c.key)
            .with_for_update()
        ).all()

    def get(self, lead_id: UUID) -> LeadConversionResult | None:
        row = self.session.execute(
            sa.select(lead_conversions).where(lead_conversions.c.lead_id == lead_id)
        ).first()
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
        self.session.execute(
            sa.insert(lead_conversions).values(
                lead_id=result.lead_id,
                account_id=result.account_id,
                contact_id=result.contact_id,
                existing_account=result.existing_account,
                existing_contact=result.existing_contact,
                converted_at=now,
            )
        )

    def account_candidates(
        self, name_key: str | None, domain: str | None, limit: int = MAX_CANDIDATES
    ) -> list[UUID]:
        """Live accounts with this name key (oldest first), then with this web domain."""
        found: list[UUID] = []
        for column, value in ((accounts.c.dedupe_name, name_key), (accounts.c.web_domain, domain)):
            if not value:
                continue
            found += self.session.execute(
                sa.select(accounts.c.id)
                .where(column == value, accounts.c.deleted_at.is_(None))
                .where(accounts.c.merged_into_id.is_(None))
                .order_by(accounts.c.created_at, accounts.c.id)
                .limit(limit)
            ).scalars()
        return list(dict.fromkeys(found))

    def contact_candidates(self, email: str | None, limit: int = MAX_CANDIDATES) -> list[UUID]:
        """Live contacts with this e-mail (case-insensitive), oldest first."""
        if not email:
            return []
        return list(
            self.session.execute(
                sa.select(contacts.c.id)
                .where(contacts.c.email_lc == email.lower(), contacts.c.deleted_at.is_(None))
                .where(contacts.c.merged_into_id.is_(None))
                .order_by(contacts.c.created_at, contacts.c.id)
                .limit(limit)
            ).scalars()
        )

    def move_lead_activities(
        self, lead_id: UUID, contact_id: UUID, now: datetime
    ) -> list[MovedActivity]:
        """Tasks, calls/meetings and notes about the lead now are about its contact (one
        UPDATE per table); returns what moved. A second call finds nothing left to move."""
        moved: list[MovedActivity] = []
        for kind, table in (("task", tasks), ("event", calendar_events), ("note", notes)):
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


def _moved(kind: str, row: Any) -> MovedActivity:
    if kind == "note":
        return MovedActivity("note", row.id, row.body, None, row.owner_id, row.created_at)
    label = row.kind if kind == "event" else "task"
    return MovedActivity(label, row.id, row.title, row.status, row.owner_id, row.created_at)
