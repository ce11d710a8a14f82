"""The hand-off journal's writer (PostgreSQL, psycopg): one ``mailing_handoffs`` row per
message the SMTP server accepted, sent to the server before the next message goes out,
its reply collected a message later.

Why not an ordinary ``execute``: its round trip waits on the database between two
messages (a fifth of a send). Here the insert's bytes are flushed into the socket at once
(from then on the server runs and commits it whatever becomes of this process: a killed
worker's socket still delivers what it had sent) and its result is read when the next one
is written, by which time it has long arrived. Each insert is its own transaction
(autocommit) with asynchronous commit (see ``service/mass_batch.py`` for the window).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

import psycopg
from psycopg import generators, pq
from sqlalchemy import Engine

_INSERT = (
    b"INSERT INTO mailing_handoffs (recipient_id, mailing_id, message_id, smtp_reply, sent_at)"
    b" VALUES ($1, $2, $3, $4, $5) ON CONFLICT (recipient_id) DO NOTHING"
)


class HandoffJournal:
    """Writes journal rows on one psycopg connection of its own (autocommit)."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self._pending = False

    def record(
        self, recipient_id: UUID, mailing_id: UUID, message_id: str, reply: str, at: datetime
    ) -> None:
        """Send one row's insert (flushed before returning); its result is read later."""
        self.settle()
        params = [str(recipient_id), str(mailing_id), message_id, reply, at.isoformat()]
        pgconn = self.conn.pgconn
        pgconn.send_query_params(_INSERT, [p.encode() for p in params])
        self._pending = True
        self.conn.wait(generators.send(pgconn))

    def settle(self) -> None:
        """Read the last insert's result; raise if the server refused it."""
        if not self._pending:
            return
        self._pending = False
        results = self.conn.wait(generators.fetch_many(self.conn.pgconn))
        for result in results:
            if result.status != pq.ExecStatus.COMMAND_OK:
                message = (result.error_message or b"").decode("utf-8", "replace")
                raise psycopg.OperationalError(f"hand-off journal: {message}")


@contextmanager
def handoff_journal(engine: Engine) -> Iterator[HandoffJournal]:
    """A journal on a pooled connection; the pool gets it back as it was."""
    with engine.connect() as conn:
        raw: Any = conn.connection.dbapi_connection
        raw.autocommit = True
        raw.execute("SET synchronous_commit = off")
        journal = HandoffJournal(raw)
        try:
            yield journal
            journal.settle()
        except BaseException:
            conn.invalidate()  # a result may be left unread: not fit for the pool
            raise
        raw.execute("RESET synchronous_commit")
        raw.autocommit = False
