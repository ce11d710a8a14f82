"""Which database failures mean "the database is unavailable right now" (retry later).

A stopped PostgreSQL, one refusing connections, a dropped connection, a pool with no
connection free within its timeout, or SQLite's lock timeout: none of them is the caller's
fault nor a bug, and each passes by itself. The HTTP app answers them with 503
problem+json (``Retry-After``), the gRPC server with UNAVAILABLE, and the event consumer
holds the message and tries again instead of spending its retry tiers and parking it.
A constraint violation or a bad statement is not among them: those stay errors.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa

from crm_chassis.logging import get_logger

T = TypeVar("T")
log = get_logger("crm_chassis.db.unavailable")


#: Seconds a client is told to wait before trying again.
RETRY_AFTER_SECONDS = 5

DETAIL = "The service's database is unavailable; try again shortly."

_UNAVAILABLE = (
    sa.exc.OperationalError,  # refused, reset, shut down, lock timeout
    sa.exc.InterfaceError,  # the driver's connection is already closed
    sa.exc.TimeoutError,  # QueuePool: no connection free within pool_timeout
    sa.exc.DisconnectionError,
)


#: SQLite raises OperationalError for missing tables and columns as well; only these are
#: passing conditions.
_SQLITE_PASSING = ("locked", "busy", "unable to open", "disk i/o")


def _sqlite_bug(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None)
    if not isinstance(orig, sqlite3.Error):
        return False
    message = str(orig).lower()
    return not any(word in message for word in _SQLITE_PASSING)


def database_unavailable(exc: BaseException) -> bool:
    """Return whether ``exc`` (or what it was raised from) says the database is unreachable."""
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 5:
        if isinstance(current, _UNAVAILABLE):
            return not _sqlite_bug(current)
        current = current.__cause__ or current.__context__
        seen += 1
    return False


def when_available(
    work: Callable[[], T],
    *,
    wait: Callable[[float], bool],
    initial_delay: float = 0.5,
    max_delay: float = 5.0,
) -> T | None:
    """Run ``work``; while it fails because the database is unavailable, wait and run it again.

    ``wait(seconds)`` sleeps and returns True to give up (the caller is stopping), and then
    the result is None. Any other failure propagates at once.
    """
    delay = initial_delay
    while True:
        try:
            return work()
        except Exception as exc:
            if not database_unavailable(exc):
                raise
            pause = delay * random.uniform(0.8, 1.2)  # jitter
            log.warning("db.unavailable", error_type=type(exc).__name__, retry_in=round(pause, 2))
            if wait(pause):
                return None
            delay = min(delay * 2, max_delay)
