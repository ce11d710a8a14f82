"""Start real processes for tests and benchmarks: free ports and managed process groups.

``ManagedProcess`` starts a command in its own process group (so ``stop()`` also reaches the
workers a pre-forking server's master forked), writes its stdout and stderr to a log file,
and waits for readiness by polling (never a blind sleep), failing fast with the log's tail
when the process dies while we wait.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["ManagedProcess", "ProcessError", "free_port"]


class ProcessError(RuntimeError):
    """A managed process failed to start, died, or did not become ready in time."""


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on ``host`` right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class ManagedProcess:
    """A command run in its own process group with its output in a log file.

    Usable as a context manager (``with ManagedProcess([...]) as proc:``): entering starts
    it, leaving stops it. ``stop()`` is idempotent and safe to call from finalizers.
    """

    def __init__(
        self,
        args: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        inherit_env: bool = True,
        cwd: str | os.PathLike[str] | None = None,
        log_path: str | os.PathLike[str] | None = None,
        name: str | None = None,
    ) -> None:
        self.args = [str(a) for a in args]
        self.name = name or Path(self.args[0]).name
        base = dict(os.environ) if inherit_env else {}
        base.update(env or {})
        self.env = base
        self.cwd = str(cwd) if cwd is not None else None
        if log_path is None:
            fd, tmp = tempfile.mkstemp(prefix=f"crm-{self.name}-", suffix=".log")
            os.close(fd)
            log_path = tmp
        self.log_path = Path(log_path)
        self.popen: subprocess.Popen[bytes] | None = None
        self._log_file: Any = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> ManagedProcess:
        """Start the command (stdout and stderr appended to ``log_path``)."""
        if self.popen is not None:
            raise ProcessError(f"{self.name} already started")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = open(self.log_path, "ab")  # closed in stop()
        try:
            self.popen = subprocess.Popen(
                self.args,
                env=self.env,
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=self._log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own session and process group: stop() kills them all
            )
        except OSError as exc:
            self._log_file.close()
            raise ProcessError(f"cannot start {self.name}: {exc}") from exc
        return self

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    @property
    def returncode(self) -> int | None:
        return self.popen.poll() if self.popen else None

    def is_running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, grace: float = 5.0) -> int | None:
        """SIGTERM the whole process group, SIGKILL it after ``grace`` seconds; return the code.

        The group is signalled even when the leader already exited, so orphaned children
        (forked workers) are not left behind.
        """
        if self.popen is None:
            return None
        pgid = self.popen.pid  # leader of its own session: pgid == pid
        if self.popen.poll() is None:
            _signal_group(pgid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                _signal_group(pgid, signal.SIGKILL)
                self.popen.wait(timeout=10)
        # Leftovers of the group (a worker that outlived its master) get SIGTERM, then SIGKILL.
        if _group_alive(pgid):
            _signal_group(pgid, signal.SIGTERM)
            deadline = time.monotonic() + grace
            while _group_alive(pgid) and time.monotonic() < deadline:
                time.sleep(0.05)
            _signal_group(pgid, signal.SIGKILL)
        if self._log_file is not None and not self._log_file.closed:
            self._log_file.close()
        return self.popen.returncode

    def __enter__(self) -> ManagedProcess:
        if self.popen is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- readiness -------------------------------------------------------------------------

    def wait_http(
        self,
        url: str,
        timeout: float = 20.0,
        *,
        ok: Callable[[int], bool] = lambda status: 200 <= status < 300,
        interval: float = 0.05,
    ) -> int:
        """Poll ``url`` with GET until ``ok(status)``; return the status.

        Raises :class:`ProcessError` (with the log's tail) on timeout or if the process exits.
        """
        deadline = time.monotonic() + timeout
        last = "no attempt"
        while True:
            self._check_alive(f"waiting for {url}")
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 - test URLs
                    status = resp.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except (OSError, urllib.error.URLError) as exc:
                status, last = None, repr(exc)
            if status is not None:
                if ok(status):
                    return status
                last = f"HTTP {status}"
            if time.monotonic() >= deadline:
                raise ProcessError(
                    f"{self.name}: {url} not ready after {timeout:.0f}s ({last})\n{self.tail()}"
                )
            time.sleep(interval)

    def wait_port(
        self, port: int, host: str = "127.0.0.1", timeout: float = 20.0, interval: float = 0.05
    ) -> None:
        """Poll until a TCP connection to ``host:port`` succeeds."""
        deadline = time.monotonic() + timeout
        while True:
            self._check_alive(f"waiting for port {port}")
            with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
                return
            if time.monotonic() >= deadline:
                raise ProcessError(
                    f"{self.name}: port {host}:{port} not open after {timeout:.0f}s\n{self.tail()}"
                )
            time.sleep(interval)

    def _check_alive(self, doing: str) -> None:
        if self.popen is None:
            raise ProcessError(f"{self.name} was never started")
        code = self.popen.poll()
        if code is not None:
            raise ProcessError(f"{self.name} exited with {code} while {doing}\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        """Return the last ``lines`` lines of the log, framed for a failure message."""
        try:
            with open(self.log_path, "rb") as fh:
                last = deque(fh, maxlen=lines)
        except OSError as exc:
            return f"--- {self.name} log unavailable: {exc} ---"
        text = b"".join(last).decode("utf-8", "replace").rstrip()
        return f"--- last {lines} lines of {self.log_path} ---\n{text}\n--- end ---"

    def __repr__(self) -> str:
        return f"<ManagedProcess {self.name} pid={self.pid} rc={self.returncode}>"


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
