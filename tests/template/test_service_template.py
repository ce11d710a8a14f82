"""The service template makes a service that works without edits (docs/adding-a-service.md).

A made-up service, ``demo``, is rendered with copier (as ``make new-service`` does) into a
temporary directory laid out like the repository: ``protos/generate.py`` is copied there
first, so the template's task generates the new package's stubs there. Then, untouched, the
rendered service passes its own tests, is lint clean, migrates a fresh SQLite database with
its migrate entrypoint, and its web, grpc and worker roles start and answer.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from crm_chassis.db import Database
from crm_chassis.events.outbox import Outbox
from crm_chassis.testing import broker
from crm_chassis.testing.bus import BusTap
from crm_chassis.testing.processes import ManagedProcess, free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NAME, TITLE = "demo", "Demo"
# Ports nothing of the suite uses; the roles below run on free ones instead.
HTTP_PORT, GRPC_PORT = 8190, 9190


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository-like directory the template was rendered into."""
    dest = tmp_path_factory.mktemp("rendered")
    (dest / "protos").mkdir()
    for name in ("generate.py", "buf.yaml"):
        shutil.copy(ROOT / "protos" / name, dest / "protos" / name)
    answers = {
        "name": NAME,
        "title": TITLE,
        "description": "Made-up things, to check the service template.",
        "http_port": HTTP_PORT,
        "grpc_port": GRPC_PORT,
    }
    data = [arg for key, value in answers.items() for arg in ("--data", f"{key}={value}")]
    command = [BIN / "copier", "copy", "--trust", "--defaults", "--quiet", *data]
    result = subprocess.run(
        [*command, ROOT / "templates" / "service", dest],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


def _env(rendered: Path, **extra: str) -> dict[str, str]:
    paths = [rendered / "services" / NAME, rendered / "protos" / "gen" / "python"]
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(str(p) for p in paths),
        "CRM_VAR_DIR": str(rendered / "var"),
        **extra,
    }


# docs/adding-a-service.md, "The cast": what a new service's package holds, no more.
CAST = {
    "__init__.py",
    "py.typed",
    "config.py",
    "bootstrap.py",
    *(f"domain/{m}.py" for m in ("__init__", "commands", "events", "errors", "ports")),
    "domain/picklists.py",
    *(f"service/{m}.py" for m in ("__init__", "unit_of_work", "queries", "access")),
    "adapters/__init__.py",
    "adapters/tables.py",
    *(f"events/{m}.py" for m in ("__init__", "outgoing", "incoming")),
    "api/__init__.py",
    "api/app.py",
    "grpc_api/__init__.py",
    "grpc_api/servicer.py",
    *(f"entrypoints/{m}.py" for m in ("__init__", "web", "grpc", "worker", "migrate")),
    *(f"migrations/{m}" for m in ("__init__.py", "env.py", "script.py.mako")),
    "migrations/versions/__init__.py",
    "migrations/versions/0001_initial.py",
}


def test_the_template_renders_the_cast_and_copier_generates_the_stubs(rendered: Path) -> None:
    package = rendered / "services" / NAME / f"crm_{NAME}"
    files = {
        str(p.relative_to(package))
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert files == CAST
    tests = rendered / "services" / NAME / "tests"
    assert {p.name for p in tests.iterdir()} == {
        "conftest.py",
        "unit",
        "api",
        "grpc",
        "integration",
    }
    proto = (rendered / "protos" / "crm" / NAME / "v1" / f"{NAME}.proto").read_text()
    assert f"package crm.{NAME}.v1;" in proto
    assert f"service {TITLE}Service {{}}" in proto
    generated = rendered / "protos" / "gen" / "python" / "crm" / NAME / "v1"
    assert (generated / f"{NAME}_pb2_grpc.py").is_file()
    assert (generated / "events_pb2.py").is_file()


def test_the_rendered_service_passes_its_own_tests(rendered: Path) -> None:
    options = ["-q", "-p", "no:cacheprovider", "--import-mode=importlib", "-W", "error"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", f"services/{NAME}/tests", *options],
        cwd=rendered,
        env=_env(rendered),
        capture_output=True,
        text=True,
        timeout=180,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    # Every test ran: a skipped bus or database test would hide a broken part.
    assert re.fullmatch(r"\d+ passed in .*", summary), summary


def test_the_rendered_service_is_lint_clean(rendered: Path) -> None:
    first_party = "lint.isort.known-first-party = ['crm', 'crm_access', 'crm_chassis', 'crm_demo']"
    config = ["--config", ROOT / "pyproject.toml", "--config", first_party]
    ruff = subprocess.run(
        [BIN / "ruff", "check", "--no-cache", *config, rendered / "services"],
        capture_output=True,
        text=True,
    )
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    buf = subprocess.run(
        [BIN / "buf", "lint"], cwd=rendered / "protos", capture_output=True, text=True
    )
    assert buf.returncode == 0, buf.stdout + buf.stderr


@pytest.fixture
def vhost() -> Iterator[str]:
    name, url = broker.create_vhost("crm-template")
    yield url
    broker.delete_vhost(name)


def _check_grpc_health(port: int) -> int:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        request = health_pb2.HealthCheckRequest(service=f"crm.{NAME}.v1.{TITLE}Service")
        return stub.Check(request, timeout=5, wait_for_ready=True).status


def _role(name: str) -> list[str]:
    return [sys.executable, "-m", f"crm_{NAME}.entrypoints.{name}"]


def test_the_rendered_roles_migrate_start_and_answer(rendered: Path, vhost: str) -> None:
    database = rendered / "var" / "roles.db"
    database.parent.mkdir(exist_ok=True)
    http, grpc_port = free_port(), free_port()
    env = _env(
        rendered,
        DEMO_DATABASE_URL=f"sqlite:///{database}",
        DEMO_AMQP_URL=vhost,
        DEMO_HTTP_PORT=str(http),
        DEMO_GRPC_PORT=str(grpc_port),
        DEMO_WEB_WORKERS="1",
        DEMO_RELAY_POLL_SECONDS="0.05",
    )
    migrate = subprocess.run(_role("migrate"), env=env, capture_output=True, text=True, timeout=60)
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]

    with ExitStack() as running:
        procs = {
            name: running.enter_context(
                ManagedProcess(
                    _role(name),
                    env=env,
                    log_path=rendered / "logs" / f"{name}.log",
                    name=f"{NAME}-{name}",
                )
            )
            for name in ("web", "grpc", "worker")
        }
        ready = f"http://127.0.0.1:{http}/api/{NAME}/v1/health/ready"
        assert procs["web"].wait_http(ready, timeout=30) == 200
        procs["grpc"].wait_port(grpc_port, timeout=30)
        assert _check_grpc_health(grpc_port) == health_pb2.HealthCheckResponse.SERVING
        # The worker's relay publishes what the outbox holds.
        with BusTap(vhost, [f"{NAME}.#"]) as tap:
            db = Database(f"sqlite:///{database}")
            with db.transaction() as session:
                sent = Outbox(NAME).add(session, type=f"{NAME}.probe.sent.v1", subject="probe")
            db.dispose()
            assert tap.next(timeout=20).id == sent.id, procs["worker"].tail()
        assert all(p.is_running() for p in procs.values()), [p.tail() for p in procs.values()]
    assert not any(p.is_running() for p in procs.values())
