"""Wake the relay on an outbox commit (PostgreSQL ``LISTEN``/``NOTIFY``).

The outbox write issues ``pg_notify`` in the writing transaction (once per transaction);
PostgreSQL delivers it only when that transaction commits, so the relay, listening on its
own connection, wakes when a row becomes visible instead of up to a poll later. No trigger
and no migration: the notification is part of the chassis' outbox write. The relay keeps
its poll as the fallback (a notification is lost while the listener reconnects, and rows
written by anything but the chassis notify nobody).
"""

from __future__ import annotations

import threading
from typing import Any

import sqlalchemy as sa

from crm_chassis.logging import get_logger

log = get_logger("crm_chassis.events.relay")

_NOTIFIED = "crm_outbox_notified"


def channel_for(table: sa.Table) -> str:
    """The NOTIFY channel of an outbox table (one per table, so per service database)."""
    return f"crm_outbox_{table.name}"[:63]


def notify_on_commit(session: Any, channel: str) -> None:
    """Queue a NOTIFY on ``channel`` in ``session``'s transaction (PostgreSQL only).

    PostgreSQL folds identical notifications of one transaction into one; the session
    remembers its transaction so that a batch of outbox rows costs one statement.
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    transaction = session.get_transaction()
    if transaction is not None and session.info.get(_NOTIFIED) is transaction:
        return
    session.execute(sa.select(sa.func.pg_notify(channel, "")))
    session.info[_NOTIFIED] = transaction


class Listener:
    """A thread LISTENing on one channel; :meth:`wait` returns once a NOTIFY came."""

    def __init__(self, url: str, channel: str, *, retry_seconds: float = 2.0) -> None:
        self.url = url
        self.channel = channel
        self.retry_seconds = retry_seconds
        self._fired = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # set while LISTEN is in effect

    def start(self) -> Listener:
        """Start listening in a daemon thread (returns at once)."""
        self._thread = threading.Thread(target=self._run, name="outbox-listener", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the thread (within its wait step)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def arm(self) -> None:
        """Forget earlier notifications: call before reading the outbox, then :meth:`wait`."""
        self._fired.clear()

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` for a notification since :meth:`arm`; True if one came."""
        return self._fired.wait(timeout)

    def _run(self) -> None:
        import psycopg
        from psycopg import sql

        conninfo = sa.engine.make_url(self.url).set(drivername="postgresql")
        dsn = conninfo.render_as_string(hide_password=False)
        while not self._stop.is_set():
            try:
                with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    # Anything committed while not listening is looked at now.
                    self.listening.set()
                    self._fired.set()
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=0.5):
                            self._fired.set()
            except Exception as exc:  # noqa: BLE001 - the poll covers while it reconnects
                self.listening.clear()
                log.warning("relay.listen_failed", error=repr(exc)[:300])
                self._fired.set()
                self._stop.wait(self.retry_seconds)
