"""The fault suite's world: a private broker and PostgreSQL, the suite on them, the report.

Nothing here touches the shared RabbitMQ (5672) or PostgreSQL (5432): the faults stop
their own. Settings (scripts/test_faults.sh passes them through):

- ``CRM_FAULTS_CI=1``: short outages, a small burst and a one-minute soak;
- ``CRM_FAULT_OUTAGE_S`` (30; CI 8), ``CRM_FAULT_BURST`` (100000; CI 10000),
  ``CRM_FAULT_SOAK_S`` (600; CI 60), ``CRM_FAULT_RATE`` (units per second, 4).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crm_suite_testing.private_infra import PrivatePostgres, PrivateRabbit
from crm_suite_testing.suite import Suite, password_headers, suite_env

ROOT = Path(__file__).resolve().parents[2]
CI = os.environ.get("CRM_FAULTS_CI") == "1"
ADMIN_EMAIL, ADMIN_PASSWORD = "faults-admin@faults.test", "faults-admin-password-1"


def setting(name: str, default: float, ci: float) -> float:
    return float(os.environ.get(name) or (ci if CI else default))


@pytest.fixture(scope="session")
def world_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="crm-faults-"))
    path.chmod(0o755)  # the broker and PostgreSQL run as their own users
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def rabbit(world_dir: Path) -> Iterator[PrivateRabbit]:
    node = PrivateRabbit(world_dir / "rabbit")
    node.start()
    yield node
    try:
        node.stop()
    except Exception:
        pass


@pytest.fixture(scope="session")
def postgres(world_dir: Path) -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres(world_dir / "pg")
    cluster.init()
    cluster.start()
    yield cluster
    if cluster.running():
        cluster.stop()


@pytest.fixture(scope="session")
def mail_sink(world_dir: Path) -> Iterator[Any]:
    """The SMTP server marketing's send job mails to; messages land in the suite's
    ``mail`` folder (crm_suite_testing.fault_checks.mail_dir), where the traffic's readers
    find their unsubscribe links."""
    from crm_chassis.smtp.sink import sink
    from crm_chassis.testing.processes import free_port

    folder = world_dir / "suite" / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    listener = sink("127.0.0.1", free_port(), folder)
    yield listener
    listener.stop()


@pytest.fixture(scope="session")
def suite(
    rabbit: PrivateRabbit, postgres: PrivatePostgres, world_dir: Path, mail_sink: Any
) -> Iterator[Suite]:
    services = ["identity", "contacts", "sales", "billing", "support", "marketing"]
    previous = os.environ.get("CRM_TEST_DATABASE_URL_BASE")
    os.environ["CRM_TEST_DATABASE_URL_BASE"] = postgres.url_base
    running = Suite(
        root=ROOT,
        services=services,
        amqp_url=rabbit.url,
        work_dir=world_dir / "suite",
        ready_timeout=180.0,
        extra_env={
            "CRM_ADMIN_EMAIL": ADMIN_EMAIL,
            "CRM_ADMIN_PASSWORD": ADMIN_PASSWORD,
            **suite_env(
                services,
                BILLING_OVERDUE_CHECK_SECONDS="0",
                CONTACTS_OVERVIEW_TIMEOUT_SECONDS="2.0",
                MARKETING_SMTP_PORT=str(mail_sink.port),
                MARKETING_MAILING_SEND_SECONDS="0.3",
                # Every visitor of the traffic comes from 127.0.0.1.
                MARKETING_FORM_IP_LIMIT_PER_HOUR="100000",
                # Workers reconnect to a broker that comes back within seconds.
                **{f"{s.upper()}_RETRY_DELAYS": "[0.5, 1]" for s in services},
            ),
        },
    )
    try:
        running.start()
        yield running
    finally:
        running.stop()
        if previous is None:
            os.environ.pop("CRM_TEST_DATABASE_URL_BASE", None)
        else:
            os.environ["CRM_TEST_DATABASE_URL_BASE"] = previous


@pytest.fixture(scope="session")
def admin(suite: Suite) -> dict[str, str]:
    return password_headers(suite.gateway_url, ADMIN_EMAIL, ADMIN_PASSWORD)


@pytest.fixture(scope="session")
def report() -> Iterator[list[dict[str, Any]]]:
    """Rows of the fault table; written to var/faults.json at the end of the session."""
    rows: list[dict[str, Any]] = []
    yield rows
    out = ROOT / "var" / "faults.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"ci": CI, "cases": rows}, indent=2, default=str))
