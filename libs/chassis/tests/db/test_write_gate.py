"""The SQLite write gate: one writer at a time across threads and processes."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from crm_chassis.db.engine import Database
from crm_chassis.db.write_gate import WriteGate, sqlite_path


def test_threads_never_overlap_inside_the_gate(tmp_path: Path) -> None:
    gate = WriteGate(str(tmp_path / "x.db"))
    trace: list[str] = []

    def work(n: int) -> None:
        for _ in range(20):
            with gate.held():
                trace.append(f"in{n}")
                time.sleep(0.0005)  # invite another thread to interleave
                trace.append(f"out{n}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(trace) == 160
    for enter, leave in zip(trace[::2], trace[1::2], strict=True):
        assert enter.startswith("in") and leave == "out" + enter[2:]


def test_the_gate_is_reentrant_in_one_thread(tmp_path: Path) -> None:
    gate = WriteGate(str(tmp_path / "x.db"))
    with gate.held(), gate.held():
        pass
    with gate.held():  # released by the outer block: takes again
        pass


def _hold(path: str, entered: Any, leave: Any) -> None:
    gate = WriteGate(path)
    with gate.held():
        entered.set()
        leave.wait(30)


def test_another_process_holding_the_gate_keeps_us_out(tmp_path: Path) -> None:
    path = str(tmp_path / "x.db")
    ctx = multiprocessing.get_context("fork")
    entered, leave = ctx.Event(), ctx.Event()
    child = ctx.Process(target=_hold, args=(path, entered, leave))
    child.start()
    try:
        assert entered.wait(30)
        fd = os.open(f"{path}-writegate", os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            leave.set()
            child.join(30)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free once the holder left
        finally:
            os.close(fd)
    finally:
        leave.set()
        child.join(30)


def test_a_file_database_writes_through_the_gate(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'g.db'}")
    with db.transaction() as s:
        s.execute(sa.text("CREATE TABLE t (n INTEGER)"))
    with db.transaction() as s:
        s.execute(sa.text("INSERT INTO t VALUES (1)"))
    with db.reading() as s:
        assert s.execute(sa.text("SELECT count(*) FROM t")).scalar() == 1
    assert (tmp_path / "g.db-writegate").exists()


def test_in_memory_databases_have_no_gate_file() -> None:
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("sqlite:////tmp/a.db") == "/tmp/a.db"


def test_databases_on_one_file_share_the_process_gate(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    first, second = Database(url), Database(url)
    assert first._gate is not None and first._gate is second._gate
    with first._gate.held(), second._gate.held():  # re-enters, never waits on itself
        pass
