"""The inbox: each (event id, handler) pair takes effect once, however often it arrives.

:class:`InboxBatch` runs inside the consumer's transaction, for a batch of events or for
one alone (a batch of one): one read of the rows already there, the handlers of the rest,
one insert of their rows before the commit. A redelivery (crash before the ack, a relay's
republish, the same id twice in one batch) finds the row and has no second effect.

The rows go in after the effects, in the same transaction. A concurrent duplicate (two
consumers given the same event id at once, PostgreSQL) therefore runs its effects too, then
waits at the insert on the first one's key and fails once that commits: its transaction
rolls back, the message goes to a retry tier and, redelivered, finds the row. The effect
is kept once (tests/events/test_inbox_concurrency.py). Handlers must keep their effects in
the transaction for this, as for any failure after them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_chassis.db.engine import Database
from crm_chassis.events.dispatch import Handler
from crm_chassis.events.envelope import Envelope
from crm_chassis.logging import get_logger

log = get_logger("crm_chassis.events.consumer")


class InboxBatch:
    """The inbox rows of a batch: one read of those already there, one insert of the new.

    In one transaction the order of a handler's inbox row and its effect does not matter:
    a concurrent duplicate's transaction fails on the row's key at the insert and rolls
    its effects back. So a batch of 50 events costs two inbox statements, not 100.
    """

    def __init__(self, session: Session, inbox: sa.Table, event_ids: list[str]) -> None:
        self.session = session
        self.inbox = inbox
        query = sa.select(inbox.c.event_id, inbox.c.handler).where(
            inbox.c.event_id.in_(sorted(set(event_ids)))
        )
        self.seen: set[tuple[str, str]] = {(e, h) for e, h in session.execute(query)}
        self.rows: list[dict[str, object]] = []

    def run(self, envelope: Envelope, matching: list[tuple[str, Handler]]) -> list[str]:
        """Run the handlers of ``envelope`` not seen yet (in the inbox or this batch)."""
        ran: list[str] = []
        for key, handler in matching:
            if (envelope.id, key) in self.seen:
                continue
            self.seen.add((envelope.id, key))
            now = datetime.now(UTC)
            self.rows.append({"event_id": envelope.id, "handler": key, "processed_at": now})
            handler(self.session, envelope)
            ran.append(key)
        if not ran:
            log.info("event.duplicate_skipped", event_id=envelope.id)
        return ran

    def flush(self) -> None:
        """Insert the batch's inbox rows (before the commit)."""
        if self.rows:
            self.session.execute(self.inbox.insert(), self.rows)
            self.rows = []


def purge(db: Database, inbox: sa.Table, retention: timedelta) -> int:
    """Delete inbox rows older than ``retention`` (redeliveries never come that late)."""
    cutoff = datetime.now(UTC) - retention
    try:
        with db.transaction() as session:
            result = session.execute(inbox.delete().where(inbox.c.processed_at < cutoff))
    except sa.exc.SQLAlchemyError as exc:
        log.warning("inbox.purge_failed", error=repr(exc))
        return 0
    deleted = result.rowcount or 0
    if deleted:
        log.info("inbox.purged", deleted=deleted)
    return deleted
