"""crm_chassis.testing.processes: process groups, readiness polling, failure messages."""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

import pytest

from crm_chassis.testing.processes import ManagedProcess, ProcessError, free_port

pytestmark = pytest.mark.timeout(60)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie counts as gone.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"))


def _wait_for_file(path: Path, timeout: float = 10) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return path.read_text().strip()
        time.sleep(0.02)
    raise AssertionError(f"{path} never written")


def test_free_port_is_bindable() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_stop_kills_the_whole_group_even_a_child_ignoring_sigterm(tmp_path: Path) -> None:
    pidfile = tmp_path / "child.pid"
    script = (
        "import os, signal, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', "
        "'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(300)'])\n"
        f"open({str(pidfile)!r}, 'w').write(str(child.pid))\n"
        "time.sleep(300)\n"
    )
    proc = ManagedProcess([sys.executable, "-c", script], log_path=tmp_path / "p.log").start()
    child = int(_wait_for_file(pidfile))
    assert _alive(child)
    proc.stop(grace=0.5)
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _alive(child)
    assert not proc.is_running()
    assert proc.stop() is not None  # idempotent


def test_wait_http_fails_fast_with_the_log_tail_when_the_process_dies(tmp_path: Path) -> None:
    with ManagedProcess(
        [sys.executable, "-c", "print('boom: cannot bind'); raise SystemExit(3)"],
        log_path=tmp_path / "dies.log",
    ) as proc:
        started = time.monotonic()
        with pytest.raises(ProcessError) as err:
            proc.wait_http(f"http://127.0.0.1:{free_port()}/", timeout=30)
        assert time.monotonic() - started < 10
    assert "exited with 3" in str(err.value)
    assert "boom: cannot bind" in str(err.value)


def test_wait_port_and_wait_http_time_out(tmp_path: Path) -> None:
    with ManagedProcess(
        [sys.executable, "-c", "import time; time.sleep(60)"], log_path=tmp_path / "idle.log"
    ) as proc:
        with pytest.raises(ProcessError, match="not open"):
            proc.wait_port(free_port(), timeout=0.3)
        with pytest.raises(ProcessError, match="not ready"):
            proc.wait_http(f"http://127.0.0.1:{free_port()}/", timeout=0.3)
    assert not proc.is_running()


def test_wait_http_returns_once_the_server_answers(tmp_path: Path) -> None:
    port = free_port()
    with ManagedProcess(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=tmp_path,
        log_path=tmp_path / "http.log",
        env={"PYTHONUNBUFFERED": "1"},
    ) as proc:
        assert proc.wait_http(f"http://127.0.0.1:{port}/") == 200
        proc.wait_port(port)
    assert "GET / HTTP/1.1" in proc.tail()
