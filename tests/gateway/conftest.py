"""Fixtures for gateway tests: real Traefik per test module, tiny real upstreams per session.

Every process is started through crm_chassis.testing.processes (Traefik through
crm_suite_testing.gateway) and stopped by a finalizer
registered before we wait for it, so a failed start leaves nothing behind.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from crm_chassis.testing.processes import ManagedProcess, free_port
from crm_suite_testing.gateway import TraefikProcess, start_traefik

ROOT = Path(__file__).resolve().parents[2]
GATEWAY_DIR = ROOT / "gateway"
HERE = Path(__file__).resolve().parent
SERVICES = ["identity", "contacts", "sales", "billing", "support", "marketing"]

if str(GATEWAY_DIR) not in sys.path:  # crm_gateway importable without installing it
    sys.path.insert(0, str(GATEWAY_DIR))


def _started(request: pytest.FixtureRequest, proc: ManagedProcess) -> ManagedProcess:
    request.addfinalizer(proc.stop)
    return proc.start()


@pytest.fixture(scope="session")
def echo_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The echo WSGI app under gunicorn (one worker, so its hit counters are shared)."""
    port = free_port()
    proc = ManagedProcess(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--threads",
            "8",
            "--worker-class",
            "gthread",
            "--keep-alive",
            "120",
            "--no-control-socket",
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(HERE),
            "echo_app:app",
        ],
        log_path=tmp_path_factory.mktemp("echo") / "echo.log",
        name="echo",
    )
    _started(request, proc).wait_http(f"http://127.0.0.1:{port}/livez")
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def grpc_port(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> int:
    """The gRPC upstream answering /crm.contacts.v1.ContactsService/GetAccount."""
    port = free_port()
    proc = ManagedProcess(
        [sys.executable, str(HERE / "grpc_upstream.py"), str(port)],
        log_path=tmp_path_factory.mktemp("grpc") / "grpc.log",
        name="grpc-upstream",
    )
    _started(request, proc).wait_port(port)
    return port


@pytest.fixture(scope="session")
def problems_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The gateway's problem-pages app, started like the crm-gateway-errors script."""
    port = free_port()
    pythonpath = os.pathsep.join(p for p in [str(GATEWAY_DIR), os.environ.get("PYTHONPATH")] if p)
    proc = ManagedProcess(
        [sys.executable, "-m", "crm_gateway", "--bind", f"127.0.0.1:{port}"],
        env={"PYTHONPATH": pythonpath},
        log_path=tmp_path_factory.mktemp("problems") / "problems.log",
        name="crm-gateway-errors",
    )
    _started(request, proc).wait_http(f"http://127.0.0.1:{port}/livez")
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def gateway_factory(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    echo_url: str,
    grpc_port: int,
    problems_url: str,
) -> Callable[..., TraefikProcess]:
    """Start Traefik on free ports: contacts and identity -> echo/grpc upstreams, the other
    services -> ports nobody listens on. Extra env overrides (limits, timeouts) per call."""

    def make(**overrides: str) -> TraefikProcess:
        env: dict[str, str] = {}
        for name in SERVICES:
            env[f"CRM_{name.upper()}_WEB_URL"] = f"http://127.0.0.1:{free_port()}"
            env[f"CRM_{name.upper()}_GRPC_URL"] = f"h2c://127.0.0.1:{free_port()}"
        env.update(
            CRM_CONTACTS_WEB_URL=echo_url,
            CRM_IDENTITY_WEB_URL=echo_url,
            CRM_CONTACTS_GRPC_URL=f"h2c://127.0.0.1:{grpc_port}",
            CRM_GATEWAY_ERRORS_URL=problems_url,
        )
        env.update(overrides)
        work = tmp_path_factory.mktemp("traefik")
        proc = start_traefik(
            env,
            web_port=free_port(),
            ping_port=free_port(),
            work_dir=work,
            access_log=str(work / "access.log"),
        )
        request.addfinalizer(proc.stop)
        return proc

    return make
