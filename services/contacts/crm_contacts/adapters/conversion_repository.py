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
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_contacts.adapters.tables import accounts, contacts, lead_conversions, match_locks
from crm_contacts.domain.lead_conversions import LeadConversionResult


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

    def find_account(self, name_key: str | None, domain: str | None) -> UUID | None:
        """The oldest live account with this name key, else with this web domain."""
        for column, value in ((accounts.c.dedupe_name, name_key), (accounts.c.web_domain, domain)):
            if not value:
                continue
            found = self.session.execute(
                sa.select(accounts.c.id)
                .where(column == value, accounts.c.deleted_at.is_(None))
                .where(accounts.c.merged_into_id.is_(None))
                .order_by(accounts.c.created_at, accounts.c.id)
                .limit(1)
            ).scalar()
            if found is not None:
                return found
        return None

    def find_contact(self, email: str | None) -> UUID | None:
        """The oldest live contact with this e-mail (case-insensitive)."""
        if not email:
            return None
        return self.session.execute(
            sa.select(contacts.c.id)
            .where(contacts.c.email_lc == email.lower(), contacts.c.deleted_at.is_(None))
            .where(contacts.c.merged_into_id.is_(None))
            .order_by(contacts.c.created_at, contacts.c.id)
            .limit(1)
        ).scalar()
