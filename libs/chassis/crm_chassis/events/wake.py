"""What ends the relay's idle sleep early: a commit that may have added outbox rows.

- PostgreSQL: the outbox write's ``NOTIFY`` (:class:`~crm_chassis.events.notify.Listener`,
  one ``LISTEN`` connection per relay).
- SQLite: every commit appends to the file's write-ahead log. :class:`WalWatcher` blocks a
  thread on inotify (Linux, ``inotify_simple``) for the WAL's directory and fires on a write
  of the WAL. Where inotify is missing (another OS, no instance left) the relay falls back
  to a ``stat()`` of the WAL every ``check_seconds``: that poll was most of an idle
  worker's CPU (100 wake-ups a second), the watcher costs a thread that sleeps in ``poll``.

Either way the relay still polls every ``poll_seconds``: a wake-up that was missed costs
latency, never an event.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Protocol

from crm_chassis.db.engine import Database
from crm_chassis.db.write_gate import sqlite_path
from crm_chassis.events.notify import Listener
from crm_chassis.logging import get_logger

try:  # Linux only; elsewhere the stat poll below
    from inotify_simple import INotify, flags
except ImportError:  # pragma: no cover - the suite runs on Linux
    INotify = None  # type: ignore[assignment,misc]

log = get_logger("crm_chassis.events.relay")

#: One wait on the wake source between turns of the publisher's I/O loop (heartbeats) and
#: checks of stop(): short enough for a prompt stop, long enough to stay off the CPU.
_WAIT_STEP = 0.05
#: After the last write of a burst, the WAL watcher wakes the relay once more (milliseconds).
_SETTLE_MS = 10


class WakeSource(Protocol):
    def arm(self) -> None: ...
    def wait(self, timeout: float) -> bool: ...
    def stop(self) -> None: ...


class WalWatcher:
    """A thread blocked on inotify: :meth:`wait` returns once the SQLite WAL was written."""

    def __init__(self, wal_path: str) -> None:
        self._directory, self._name = os.path.split(os.path.abspath(wal_path))
        self._fired = threading.Event()
        self._stop = threading.Event()
        self._inotify: INotify | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> WalWatcher | None:
        """Start watching; None when inotify is not available (the caller polls instead)."""
        if INotify is None:
            return None
        try:
            inotify = INotify()
        except OSError as exc:  # e.g. fs.inotify.max_user_instances reached
            log.warning("relay.wal_watch_unavailable", error=repr(exc))
            return None
        try:
            # The directory, not the file: SQLite deletes and recreates the WAL.
            inotify.add_watch(self._directory, flags.MODIFY | flags.CREATE | flags.MOVED_TO)
        except OSError as exc:
            inotify.close()
            log.warning("relay.wal_watch_unavailable", error=repr(exc))
            return None
        self._inotify = inotify
        self._thread = threading.Thread(target=self._run, name="relay-wal-watch", daemon=True)
        self._thread.start()
        return self

    def arm(self) -> None:
        """Forget earlier writes: call before reading the outbox, then :meth:`wait`."""
        self._fired.clear()

    def wait(self, timeout: float) -> bool:
        """True once the WAL was written since :meth:`arm` (within ``timeout`` seconds)."""
        return self._fired.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        assert self._inotify is not None
        trailing = False
        try:
            while not self._stop.is_set():
                # The long timeout only bounds how long stop() waits for this thread.
                events = self._inotify.read(timeout=_SETTLE_MS if trailing else 500)
                if any(e.name == self._name or e.mask & flags.Q_OVERFLOW for e in events):
                    self._fired.set()
                    trailing = True
                elif trailing:
                    # A commit writes the WAL a moment before it is visible (SQLite updates
                    # the WAL index in shared memory after the frames, which inotify does not
                    # see): the pass woken by the write may read too early. One more wake-up
                    # once the writes stopped finds it.
                    self._fired.set()
                    trailing = False
        except OSError as exc:  # the relay's poll still finds every row
            log.warning("relay.wal_watch_failed", error=repr(exc))
        finally:
            self._inotify.close()


class Wake:
    """The relay's sleep between passes, ended early by a commit when one can be noticed."""

    def __init__(
        self, db: Database, channel: str, stop: threading.Event, check_seconds: float
    ) -> None:
        self._db = db
        self._channel = channel
        self._stop = stop
        self.check_seconds = check_seconds
        self.source: WakeSource | None = None
        self._wal_path: str | None = None
        self._marker: tuple[int, int] | None = None

    def start(self) -> None:
        if self._db.dialect == "postgresql":
            self.source = Listener(self._db.url, self._channel).start()
            return
        path = sqlite_path(self._db.url) if self._db.is_sqlite else None
        if path is not None:
            self._wal_path = f"{path}-wal"
            self.source = WalWatcher(self._wal_path).start()

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
        self, source: WakeSource, seconds: float, serve: Callable[[float], object] | None
    ) -> None:
        deadline = time.monotonic() + seconds
        while not self._stop.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0 or source.wait(min(remaining, _WAIT_STEP)):
                return
            if serve is not None:
                serve(0.001)  # one turn of its I/O loop: heartbeats

    def _wal_marker(self) -> tuple[int, int] | None:
        """The WAL's (size, mtime): the stat fallback's view of a commit."""
        assert self._wal_path is not None
        try:
            stat = os.stat(self._wal_path)
        except OSError:
            return (0, 0)
        return (stat.st_size, stat.st_mtime_ns)
