"""Start the processes of the repository's Procfile the way ``make up`` does, on free ports.

Used by the end-to-end tests and the benchmark: every service gets a fresh database and the
session's RabbitMQ vhost, ports are free ones, and each role is started from its Procfile
line, so the tests run exactly what a user runs. Wiring is by naming convention only
(``<SERVICE>_DATABASE_URL``, ``<SERVICE>_HTTP_PORT``, ``CRM_<SERVICE>_WEB_URL`` for the gateway),
so nothing here knows a service's business.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crm_chassis.testing.databases import drop_database, new_database_url
from crm_chassis.testing.processes import ManagedProcess, free_port
from crm_suite_testing.gateway import start_traefik


def read_procfile(path: Path) -> dict[str, str]:
    """Return ``{process name: command}`` from a Procfile."""
    entries: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and ":" in line:
            name, _, command = line.partition(":")
            entries[name.strip()] = command.strip()
    return entries


@dataclass
class Suite:
    """A running copy of the suite: its processes, ports, databases and the gateway URL."""

    root: Path
    services: list[str]
    amqp_url: str
    work_dir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, ManagedProcess] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    database_urls: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    gateway: Any = None  # a TraefikProcess once started
    secrets: dict[str, str] = field(default_factory=dict)
    #: How long each web role may take to answer ready (the fault suite's six services start
    #: on a busy machine).
    ready_timeout: float = 60.0

    @property
    def gateway_url(self) -> str:
        return self.gateway.web_url

    def web_url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service + '-web']}"

    def ops_url(self, process: str) -> str:
        """The ops endpoints' base URL of a grpc or worker process (``sales-worker``)."""
        return f"http://127.0.0.1:{self.ports[process + '-ops']}"

    def grpc_target(self, service: str) -> str:
        return f"127.0.0.1:{self.ports[service + '-grpc']}"

    def _secret(self, service: str) -> str:
        return self.secrets.setdefault(service, secrets.token_urlsafe(24))

    def _build_env(self) -> dict[str, str]:
        bin_dir = str(Path(sys.executable).parent)
        env = {
            "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
            "PYTHONUNBUFFERED": "1",
            "CRM_VAR_DIR": str(self.work_dir / "var"),
        }
        identity_web = self.ports.get("identity-web")
        for service in self.services:
            prefix = service.upper()
            env[f"{prefix}_DATABASE_URL"] = self.database_urls[service]
            env[f"{prefix}_AMQP_URL"] = self.amqp_url
            env[f"{prefix}_HTTP_PORT"] = str(self.ports[service + "-web"])
            env[f"{prefix}_GRPC_PORT"] = str(self.ports[service + "-grpc"])
            if identity_web:
                env[f"{prefix}_JWKS_URL"] = f"http://127.0.0.1:{identity_web}/api/identity/v1/jwks"
            if identity_web:
                # Each service calls identity as itself (client credentials); identity
                # creates ``svc-<service>`` from CRM_SERVICE_SECRET_<SERVICE> on start.
                secret = self._secret(service)
                env[f"CRM_SERVICE_SECRET_{prefix}"] = secret
                env[f"{prefix}_CLIENT_ID"] = f"svc-{service}"
                env[f"{prefix}_CLIENT_SECRET"] = secret
                env[f"{prefix}_IDENTITY_TOKEN_URL"] = (
                    f"http://127.0.0.1:{identity_web}/api/identity/v1/auth/token"
                )
                env[f"{prefix}_IDENTITY_GRPC_TARGET"] = f"127.0.0.1:{self.ports['identity-grpc']}"
            env[f"CRM_{prefix}_WEB_URL"] = f"http://127.0.0.1:{self.ports[service + '-web']}"
            env[f"CRM_{prefix}_GRPC_URL"] = f"h2c://127.0.0.1:{self.ports[service + '-grpc']}"
        if "support" in self.services:
            # Support's worker listens for mail: on a port of its own per suite, so suites
            # running side by side (and `make up`) never fight over the default 2526.
            self.ports.setdefault("support-smtp", free_port())
            env["SUPPORT_MAIL_LISTEN_PORT"] = str(self.ports["support-smtp"])
            # Outbound mail goes nowhere unless a test starts a sink there (and never to a
            # developer's own sink of `make up`).
            self.ports.setdefault("support-smtp-out", free_port())
            env["SUPPORT_SMTP_PORT"] = str(self.ports["support-smtp-out"])
        env["CRM_GATEWAY_ERRORS_BIND"] = f"127.0.0.1:{self.ports['gateway-errors']}"
        env["CRM_GATEWAY_ERRORS_URL"] = f"http://127.0.0.1:{self.ports['gateway-errors']}"
        env["CRM_GATEWAY_DIRECTORY_BIND"] = f"127.0.0.1:{self.ports['gateway-grpc']}"
        env["CRM_GATEWAY_DIRECTORY_URL"] = f"h2c://127.0.0.1:{self.ports['gateway-grpc']}"
        env.update(self.extra_env)
        return env

    def start(self) -> Suite:
        """Create databases, migrate, start every role and the gateway; wait until ready.

        If anything fails on the way (a database refused, a role that does not answer
        ready), everything started so far is stopped and its databases dropped before the
        error is raised: a failed start leaves no process behind.
        """
        procfile = read_procfile(self.root / "Procfile")
        # Until stop(): a test run that ends without it (interrupted teardown) still stops us.
        atexit.register(self.stop)
        try:
            for service in self.services:
                self.ports[service + "-web"] = free_port()
                self.ports[service + "-grpc"] = free_port()
                self.database_urls[service] = new_database_url(service, self.work_dir)
            self.ports["gateway-errors"] = free_port()
            self.ports["gateway-grpc"] = free_port()
            self.env = self._build_env()
            self._migrate()
            for name, command in procfile.items():
                service = name.split("-")[0]
                # The gateway starts last, once upstreams answer; roles of services this
                # suite does not run (a Procfile may list more) are skipped.
                gateway_part = name.startswith("gateway-")  # problem pages, gRPC directory
                if name == "gateway" or (service not in self.services and not gateway_part):
                    continue
                self.start_process(name, command)
            for service in self.services:
                self.processes[f"{service}-web"].wait_http(
                    f"{self.web_url(service)}/api/{service}/v1/health/ready",
                    timeout=self.ready_timeout,
                )
            self.gateway = start_traefik(
                self.env,
                web_port=free_port(),
                ping_port=free_port(),
                work_dir=self.work_dir / "traefik",
                access_log=self.work_dir / "traefik-access.log",
            )
        except BaseException as failure:
            try:
                self.stop()
            except BaseException as exc:  # the start's failure is the one to show
                failure.add_note(f"stopping the suite after it also failed: {exc!r}")
            raise
        return self

    def _migrate(self) -> None:
        full_env = {**os.environ, **self.env}
        for service in self.services:
            done = subprocess.run(
                [f"crm-{service}-migrate"],
                env=full_env,
                check=False,
                capture_output=True,
                cwd=self.root,
                timeout=120,
            )
            if done.returncode != 0:  # say why: a bare CalledProcessError hides the cause
                raise RuntimeError(
                    f"crm-{service}-migrate exited {done.returncode}:\n"
                    + (done.stderr or b"").decode(errors="replace")[-3000:]
                )

    def start_process(self, name: str, command: str | None = None) -> ManagedProcess:
        """(Re)start one process of the Procfile by name."""
        if command is None:
            command = read_procfile(self.root / "Procfile")[name]
        old = self.processes.get(name)
        if old is not None:
            old.stop()
        env = self.env
        if name.endswith(("-grpc", "-worker")) and name.split("-")[0] in self.services:
            # Each grpc and worker process serves /metrics, /livez, /readyz on a port of its own.
            env = {**env, "CRM_OPS_PORT": str(self.ports.setdefault(f"{name}-ops", free_port()))}
        proc = ManagedProcess(
            shlex.split(command),
            env=env,
            cwd=self.root,
            log_path=self.work_dir / "logs" / f"{name}.log",
            name=name,
        ).start()
        self.processes[name] = proc
        return proc

    def stop_process(self, name: str, *, kill: bool = False) -> None:
        proc = self.processes[name]
        if kill and proc.pid:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stop()

    def logs(self, name: str) -> str:
        return self.processes[name].tail(200)

    def stop(self) -> None:
        """Stop every process and drop the databases (idempotent).

        Every process is stopped even when stopping another one fails or is interrupted
        (the first such error is raised at the end): one stuck process must not leave the
        others running.
        """
        atexit.unregister(self.stop)
        parts = [p for p in (self.gateway, *self.processes.values()) if p is not None]
        # SIGTERM to all first: they wind down side by side, then each is waited for.
        for part in parts:
            if part.is_running():
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(part.pid, signal.SIGTERM)
        failure: BaseException | None = None
        for part in parts:
            try:
                part.stop()
            except BaseException as exc:  # raised once the rest is stopped
                failure = failure or exc
        for url in self.database_urls.values():
            try:
                drop_database(url)
            except Exception:  # best effort at teardown
                time.sleep(0.5)
        self.database_urls = {}
        if failure is not None:
            raise failure


def suite_env(services: list[str], **extra: str) -> dict[str, str]:
    """Environment for a test suite: short retry tiers and a gateway rate limit tests can't hit."""
    env = {f"{s.upper()}_RETRY_DELAYS": "[0.5, 1]" for s in services}
    env.update(
        {
            "CRM_GATEWAY_RATE_AVERAGE": "5000",
            "CRM_GATEWAY_RATE_BURST": "10000",
            "CRM_GATEWAY_RATE_SERVICE_AVERAGE": "5000",
            "CRM_GATEWAY_RATE_SERVICE_BURST": "10000",
            "CRM_GATEWAY_RATE_IP_AVERAGE": "10000",
            "CRM_GATEWAY_RATE_IP_BURST": "20000",
            "CRM_GATEWAY_RATE_TOKEN_AVERAGE": "5000",
            "CRM_GATEWAY_RATE_TOKEN_BURST": "10000",
            "CRM_GATEWAY_RATE_TOKEN_PERIOD": "1s",
            "CRM_GATEWAY_RATE_FORM_AVERAGE": "5000",
            "CRM_GATEWAY_RATE_FORM_BURST": "10000",
            "CRM_GATEWAY_RATE_FORM_PERIOD": "1s",
        }
    )
    env.update(extra)
    return env


#: The first administrator of the session's suite with support (tests/e2e/conftest.py).
SUPPORT_ADMIN_EMAIL = "support-admin@e2e.test"
SUPPORT_ADMIN_PASSWORD = "support-admin-password-1"
#: ... and of the session's suite with marketing.
MARKETING_ADMIN_EMAIL = "marketing-admin@e2e.test"
MARKETING_ADMIN_PASSWORD = "marketing-admin-password-1"


@contextlib.contextmanager
def running_suite(
    root: Path,
    services: list[str],
    work_dir: Path,
    *,
    admin_email: str,
    admin_password: str,
    env: dict[str, str] | None = None,
    vhost_prefix: str = "crm-e2e",
) -> Iterator[Suite]:
    """Start ``services`` on a fresh RabbitMQ vhost with a first administrator; stop it all."""
    from crm_chassis.testing import broker

    vhost, url = broker.create_vhost(vhost_prefix)
    suite = Suite(
        root=root,
        services=services,
        amqp_url=url,
        work_dir=work_dir,
        extra_env={
            "CRM_ADMIN_EMAIL": admin_email,
            "CRM_ADMIN_PASSWORD": admin_password,
            **suite_env(services, **(env or {})),
        },
    )
    try:
        suite.start()
        yield suite
    finally:
        suite.stop()
        broker.delete_vhost(vhost)


def password_headers(gateway_url: str, email: str, password: str) -> dict[str, str]:
    """Sign in through the gateway and return the Authorization header."""
    import requests

    # The first sign-in of a suite just started may wait for a busy machine (CI on two
    # cores runs suites side by side): a generous timeout, and one more try on a timeout.
    for attempt in range(2):
        try:
            resp = requests.post(
                f"{gateway_url}/api/identity/v1/auth/token",
                json={"grant_type": "password", "username": email, "password": password},
                timeout=30,
            )
            break
        except requests.exceptions.Timeout:
            if attempt:
                raise
    assert resp.status_code == 200, resp.text
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}
