"""A database that is down is a retryable 503 (HTTP), UNAVAILABLE (gRPC), a held event."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from crm_chassis.db.unavailable import database_unavailable, when_available


def _operational(message: str, orig: Exception | None = None) -> sa.exc.OperationalError:
    return sa.exc.OperationalError("SELECT 1", None, orig or Exception(message))


def test_connection_failures_and_pool_timeouts_are_unavailable() -> None:
    assert database_unavailable(_operational("connection refused"))
    assert database_unavailable(sa.exc.TimeoutError("QueuePool limit reached"))
    assert database_unavailable(sa.exc.InterfaceError("SELECT 1", None, Exception("closed")))
    # Wrapped by the caller: the cause still decides.
    try:
        try:
            raise _operational("server closed the connection unexpectedly")
        except sa.exc.OperationalError as exc:
            raise RuntimeError("handler failed") from exc
    except RuntimeError as wrapped:
        assert database_unavailable(wrapped)


def test_bugs_and_bad_data_are_not_unavailable() -> None:
    assert not database_unavailable(sa.exc.IntegrityError("INSERT", None, Exception("dup")))
    assert not database_unavailable(ValueError("bad"))
    # SQLite reports a missing table as an OperationalError too: that is a bug, not an outage.
    missing = _operational("", sqlite3.OperationalError("no such table: notes"))
    assert not database_unavailable(missing)
    locked = _operational("", sqlite3.OperationalError("database is locked"))
    assert database_unavailable(locked)


def test_when_available_runs_again_until_the_database_answers() -> None:
    calls: list[int] = []
    waits: list[float] = []

    def work() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise _operational("connection refused")
        return "done"

    assert when_available(work, wait=lambda s: bool(waits.append(s)), initial_delay=0.01) == "done"
    assert len(calls) == 3 and len(waits) == 2


def test_when_available_gives_up_when_told_and_passes_other_errors_on() -> None:
    def down() -> None:
        raise _operational("connection refused")

    assert when_available(down, wait=lambda _: True) is None

    def broken() -> None:
        raise sa.exc.IntegrityError("INSERT", None, Exception("duplicate key"))

    with pytest.raises(sa.exc.IntegrityError):
        when_available(broken, wait=lambda _: False)
