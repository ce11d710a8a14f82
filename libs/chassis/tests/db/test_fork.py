"""A Database across a fork: the web role builds its app in gunicorn's master and forks its
workers from it (crm_chassis.http.serve), so no pooled connection may be shared."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from crm_chassis.db.engine import Database, close_pools_before_fork


def _pooled(db: Database) -> int:
    return db.engine.pool.checkedin() + db.read_engine.pool.checkedin()


def _db(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'f.db'}")
    with db.transaction() as s:
        s.execute(sa.text("CREATE TABLE t (n INTEGER)"))
        s.execute(sa.text("INSERT INTO t VALUES (1)"))
    with db.reading() as s:
        s.execute(sa.text("SELECT n FROM t")).all()
    return db


def _in_child(work: Callable[[], bool]) -> int:
    """Run ``work`` in a forked child; its exit status (0 when work returned True)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        try:
            code = 0 if work() else 1
        except BaseException:  # any failure is the child's answer
            code = 2
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_a_forked_child_starts_with_empty_pools_and_opens_its_own(tmp_path: Path) -> None:
    db = _db(tmp_path)
    assert _pooled(db) == 2  # the parent keeps a write and a read connection

    def child() -> bool:
        if _pooled(db) != 0:  # inherited connections are forgotten, not reused
            return False
        with db.transaction() as s:
            s.execute(sa.text("INSERT INTO t VALUES (2)"))
        return True

    assert _in_child(child) == 0
    # The parent's own connections were not closed by the child: it reads on, and sees the
    # child's committed row.
    with db.reading() as s:
        assert sorted(s.execute(sa.text("SELECT n FROM t")).scalars()) == [1, 2]


def test_close_pools_before_fork_closes_every_live_database(tmp_path: Path) -> None:
    db = _db(tmp_path)
    assert _pooled(db) == 2
    close_pools_before_fork()
    assert _pooled(db) == 0
    with db.reading() as s:  # and it still works: the next use opens a connection
        assert s.execute(sa.text("SELECT count(*) FROM t")).scalar() == 1
