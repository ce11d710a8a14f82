"""Purge: soft-deleted accounts and contacts whose retention period has ended go for good.

Only records nothing refers to any more are removed (a contact of a purged account would
lose its account); merged-away records are never purged, their ids keep resolving. The
worker runs this every ``interval`` seconds in a background thread.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import sqlalchemy as sa

from crm_chassis.db import Database
from crm_chassis.logging import get_logger
from crm_contacts.adapters.tables import accounts, contacts

log = get_logger(__name__)
BATCH = 500


def purge_expired(db: Database, now: datetime | None = None) -> dict[str, int]:
    """Delete expired, unreferenced soft-deleted records; return how many of each."""
    now = now or datetime.now(UTC)
    done = {"contacts": 0, "accounts": 0}
    with db.transaction() as session:
        boss = contacts.alias("boss_of")
        expired_contacts = (
            sa.select(contacts.c.id)
            .where(
                contacts.c.deleted_at.is_not(None),
                contacts.c.merged_into_id.is_(None),
                contacts.c.purge_after < now,
                ~sa.exists().where(boss.c.reports_to_id == contacts.c.id),
            )
            .limit(BATCH)
        )
        ids = list(session.execute(expired_contacts).scalars())
        if ids:
            session.execute(sa.delete(contacts).where(contacts.c.id.in_(ids)))
        done["contacts"] = len(ids)
        child = accounts.alias("child")
        expired_accounts = (
            sa.select(accounts.c.id)
            .where(
                accounts.c.deleted_at.is_not(None),
                accounts.c.merged_into_id.is_(None),
                accounts.c.purge_after < now,
                ~sa.exists().where(contacts.c.account_id == accounts.c.id),
                ~sa.exists().where(child.c.parent_id == accounts.c.id),
            )
            .limit(BATCH)
        )
        ids = list(session.execute(expired_accounts).scalars())
        if ids:
            session.execute(sa.delete(accounts).where(accounts.c.id.in_(ids)))
        done["accounts"] = len(ids)
    if any(done.values()):
        log.info("records.purged", **done)
    return done


def start_purger(db: Database, interval: float = 3600.0) -> threading.Thread:
    """Purge now and then every ``interval`` seconds, in a daemon thread."""

    def run() -> None:
        while True:
            try:
                purge_expired(db)
            except Exception as exc:  # noqa: BLE001 - try again next round
                log.warning("records.purge_failed", error=repr(exc))
            threading.Event().wait(interval)

    thread = threading.Thread(target=run, name="purge", daemon=True)
    thread.start()
    return thread
