"""A private RabbitMQ node and a private PostgreSQL cluster for the fault suite.

The fault suite stops its broker and its databases. Other suites on the same machine use
the shared ones (5672, 5432), so the faults get their own, on free ports, in a temporary
directory, and stop only those. Both run as their system users (``rabbitmq``,
``postgres``) when this runs as root: PostgreSQL refuses root, and the broker shares the
system node's Erlang cookie so that ``rabbitmqctl`` can reach it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from crm_chassis.testing.broker import vhost_url, wait_for_amqp
from crm_chassis.testing.processes import free_port

RABBIT_BIN = Path("/usr/lib/rabbitmq/bin")
RABBIT_HOME = "/var/lib/rabbitmq"  # where the system node's .erlang.cookie lives


def _pg_bin() -> Path:
    for version in ("17", "16", "15", "14"):
        path = Path(f"/usr/lib/postgresql/{version}/bin")
        if (path / "initdb").exists():
            return path
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError("PostgreSQL's initdb is not installed")


def _as_user(user: str) -> list[str]:
    """Prefix for a command run as ``user`` (nothing when we are not root)."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", user, "--"]


def _own(path: Path, user: str) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)


@dataclass
class PrivateRabbit:
    """One RabbitMQ node of our own; ``stop()``/``start()`` are the outage."""

    base: Path
    port: int = 0
    node: str = ""

    def __post_init__(self) -> None:
        self.port = self.port or free_port()
        self.node = self.node or f"faults-{self.port}@localhost"
        self.base.mkdir(parents=True, exist_ok=True)
        _own(self.base, "rabbitmq")
        plugins = self.base / "enabled_plugins"
        plugins.write_text("[].\n")  # no management plugin: its port would clash
        _own(plugins, "rabbitmq")

    @property
    def url(self) -> str:
        return vhost_url("/", port=self.port)

    def _env(self) -> list[str]:
        return [
            "env",
            f"HOME={RABBIT_HOME}",
            f"RABBITMQ_NODENAME={self.node}",
            f"RABBITMQ_NODE_PORT={self.port}",
            f"RABBITMQ_DIST_PORT={self.port + 20000 if self.port < 45000 else free_port()}",
            f"RABBITMQ_MNESIA_BASE={self.base / 'mnesia'}",
            f"RABBITMQ_LOG_BASE={self.base / 'log'}",
            f"RABBITMQ_ENABLED_PLUGINS_FILE={self.base / 'enabled_plugins'}",
            f"RABBITMQ_CONFIG_FILE={self.base / 'none'}",
            f"RABBITMQ_PID_FILE={self.base / 'pid'}",
        ]

    def start(self, timeout: float = 90.0) -> None:
        """Start the node (same data directory each time) and wait for AMQP."""
        log = open(self.base / "server.log", "ab")
        subprocess.Popen(
            [*_as_user("rabbitmq"), *self._env(), str(RABBIT_BIN / "rabbitmq-server")],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        wait_for_amqp(self.url, timeout=timeout)

    def ctl(self, *args: str, timeout: float = 60.0) -> str:
        result = subprocess.run(
            [
                *_as_user("rabbitmq"),
                *self._env(),
                str(RABBIT_BIN / "rabbitmqctl"),
                "-n",
                self.node,
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def stop(self) -> None:
        """Stop the whole node (the broker outage) and wait until its process is gone: a
        start while it is still shutting down (slow on a busy machine) finds its name taken."""
        self.ctl("stop", str(self.base / "pid"), timeout=120)

    def add_vhost(self, name: str) -> str:
        self.ctl("add_vhost", name)
        self.ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
        return vhost_url(name, port=self.port)


@dataclass
class PrivatePostgres:
    """One PostgreSQL cluster of our own (trust auth, fsync off: test data only)."""

    base: Path
    port: int = 0

    def __post_init__(self) -> None:
        self.port = self.port or free_port()
        self.bin = _pg_bin()
        self.base.mkdir(parents=True, exist_ok=True)
        _own(self.base, "postgres")
        self.data = self.base / "data"

    @property
    def url_base(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    def _run(self, *args: str, timeout: float = 120.0) -> None:
        subprocess.run(
            [*_as_user("postgres"), *args],
            check=True,
            capture_output=True,
            timeout=timeout,
            cwd="/tmp",
        )

    def init(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.base / "server.log"), "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()


def wait_until(check: object, timeout: float, interval: float = 0.2) -> bool:
    """Poll ``check()`` until truthy or ``timeout``; return whether it became true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(interval)
    return False
