"""One SQLite writer at a time, handed over by the kernel instead of SQLite's busy sleeps.

SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps
1, 2, 5, ... up to 100 ms between attempts, so a writer that queued behind a busy one
often sleeps long after the lock came free. Under load that, not SQL, was most of
sales' ``POST /leads`` (py-spy: a third of sales-web's samples waited in ``BEGIN
IMMEDIATE``; tests/bench/README.md). The gate queues write transactions on a thread lock
inside the process and an ``flock`` on a file beside the database across processes (web
workers, gRPC, worker), both of which wake the next waiter as soon as the holder lets go.
A writer outside the gate (a migration, a shell) still meets SQLite's own locking.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class WriteGate:
    """Serialises write transactions on one SQLite file across threads and processes."""

    def __init__(self, database_path: str, suffix: str = "-writegate") -> None:
        self.path = f"{database_path}{suffix}"
        self._pid = -1
        self._reset()

    def _reset(self) -> None:
        # Locks and the lock file's descriptor must not be shared with a forked child: an
        # flock belongs to the open file description, which fork() shares.
        self._pid = os.getpid()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._fd: int | None = None

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the gate for the block (re-entrant within a thread)."""
        if self._pid != os.getpid():
            self._reset()
        if getattr(self._local, "depth", 0):
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        with self._lock:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            self._local.depth = 1
            try:
                yield
            finally:
                self._local.depth = 0
                fcntl.flock(self._fd, fcntl.LOCK_UN)


_GATES: dict[str, WriteGate] = {}
_GATES_LOCK = threading.Lock()


def gate_for(database_path: str) -> WriteGate:
    """The process's one gate of a file: every Database on it shares it, so a thread that
    holds it re-enters instead of waiting on itself through a second descriptor."""
    with _GATES_LOCK:
        gate = _GATES.get(database_path)
        if gate is None:
            gate = _GATES[database_path] = WriteGate(database_path)
        return gate


def sqlite_path(url: str) -> str | None:
    """The file of a SQLite URL; None for an in-memory database."""
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return os.path.abspath(database)
