"""The suppression list in the database: one row per address, written at most once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_marketing.adapters.tables import audience
from crm_marketing.domain.consent import Suppression

suppressions = audience.suppressions
COLUMNS = (
    "address",
    "reason",
    "mailing_id",
    "contact_id",
    "lead_id",
    "note",
    "created_by",
    "created_at",
)


def suppression_from_row(row: Any) -> Suppression:
    return Suppression(**{c: getattr(row, c) for c in COLUMNS})


class SuppressionStore:
    """Adds suppressions once; the ones added are the unit of work's event sources."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: list[Suppression] = []

    def add_once(self, suppression: Suppression) -> bool:
        """Insert unless the address is there already (concurrent callers: one wins, in
        the database, so an unsubscribe is recorded and announced once)."""
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        values = {c: getattr(suppression, c) for c in COLUMNS}
        stmt = (
            insert(suppressions).values(**values).on_conflict_do_nothing(index_elements=["address"])
        )
        added = self.session.execute(stmt).rowcount == 1
        if added:
            self.seen.append(suppression)
        return added

    def remove(self, address: str) -> bool:
        stmt = sa.delete(suppressions).where(suppressions.c.address == address)
        return self.session.execute(stmt).rowcount == 1

    def reasons(self, addresses: Iterable[str]) -> dict[str, str]:
        """The given (normalised) addresses that are suppressed, with their reason."""
        wanted = sorted(set(addresses))
        found: dict[str, str] = {}
        # Chunks keep the IN list within every database's parameter limit.
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            stmt = sa.select(suppressions.c.address, suppressions.c.reason).where(
                suppressions.c.address.in_(chunk)
            )
            found.update({r.address: r.reason for r in self.session.execute(stmt)})
        return found
