"""What ends the relay's idle sleep early: a commit that may have added outbox rows.

- PostgreSQL: the outbox write's ``NOTIFY`` (:class:`~crm_chassis.events.notify.Listener`,
  one ``LISTEN`` connection per relay).
- SQLite: every commit appends to the file's write-ahead log; the relay ``stat()``s the WAL
  every ``check_seconds`` (10 ms) and wakes when its size or time changed. An inotify
  watcher was tried (idle worker CPU 17 -> 10 ms a second) and taken out again: it can only
  watch the WAL's directory (SQLite deletes and recreates the file), which every service's
  database shares in the suite, so under writes each worker woke for every write of every
  service and its relay passed once per commit; ``POST`` a lead through the whole suite fell
  from 0.295 to 0.152 of the bare insert (tests/bench/README.md).

Either way the relay still polls every ``poll_seconds``: a wake-up that was missed costs
latency, never an event.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from crm_chassis.db.engine import Database
from crm_chassis.db.write_gate import sqlite_path
from crm_chassis.events.notify import Listener

#: One wait on the listener between turns of the publisher's I/O loop (heartbeats) and
#: checks of stop(): short enough for a prompt stop, long enough to stay off the CPU.
_WAIT_STEP = 0.05


class Wake:
    """The relay's sleep between passes, ended early by a commit when one can be noticed."""

    def __init__(
        self, db: Database, channel: str, stop: threading.Event, check_seconds: float
    ) -> None:
        self._db = db
        self._channel = channel
        self._stop = stop
        self.check_seconds = check_seconds
        self.source: Listener | None = None  # PostgreSQL's; SQLite polls the WAL
        self._wal_path: str | None = None
        self._marker: tuple[int, int] | None = None

    def start(self) -> None:
        if self._db.dialect == "postgresql":
            self.source = Listener(self._db.url, self._channel).start()
            return
        path = sqlite_path(self._db.url) if self._db.is_sqlite else None
        if path is not None:
            self._wal_path = f"{path}-wal"

    def stop(self) -> None:
        if self.source is not None:
            self.source.stop()
            self.source = None

    def arm(self) -> None:
        """Called before a pass: a commit during the pass still ends the next sleep."""
        if self.source is not None:
            self.source.arm()
        elif self._wal_path is not None:
            self._marker = self._wal_marker()

    def sleep(self, seconds: float, serve: Callable[[float], object] | None) -> None:
        """Sleep up to ``seconds``; ``serve(s)`` turns the publisher's I/O loop meanwhile."""
        if self.source is not None:
            self._sleep_on(self.source, seconds, serve)
            return
        step = seconds if self._marker is None else min(seconds, self.check_seconds)
        deadline = time.monotonic() + seconds
        while not self._stop.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            (serve or self._stop.wait)(min(step, remaining))
            if self._marker is not None and self._wal_marker() != self._marker:
                return

    def _sleep_on(
        self, source: Listener, seconds: float, serve: Callable[[float], object] | None
    ) -> None:
        deadline = time.monotonic() + seconds
        while not self._stop.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0 or source.wait(min(remaining, _WAIT_STEP)):
                return
            if serve is not None:
                serve(0.001)  # one turn of its I/O loop: heartbeats

    def _wal_marker(self) -> tuple[int, int] | None:
        """The WAL's (size, mtime): what the stat poll compares to notice a commit."""
        assert self._wal_path is not None
        try:
            stat = os.stat(self._wal_path)
        except OSError:
            return (0, 0)
        return (stat.st_size, stat.st_mtime_ns)
