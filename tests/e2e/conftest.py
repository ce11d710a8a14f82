"""The whole suite, started from the Procfile on free ports, with its own databases and vhost."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from crm_suite_testing.suite import (
    MARKETING_ADMIN_EMAIL,
    MARKETING_ADMIN_PASSWORD,
    SUPPORT_ADMIN_EMAIL,
    SUPPORT_ADMIN_PASSWORD,
    Suite,
    running_suite,
    suite_env,
)

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "admin@e2e.test"
ADMIN_PASSWORD = "e2e-admin-password-1"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "broker_restart: stops and starts the shared RabbitMQ")
    # Cases of the security suite (make security, crm_suite_testing.security_report).
    config.addinivalue_line("markers", "security(cls): a case of the security suite's class")


@pytest.fixture(scope="session")
def suite(amqp_vhost_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    """One running copy of identity, contacts, sales and billing for the session's tests.

    Modules that need a different shape (services deliberately absent) start their own.
    """
    services = ["identity", "contacts", "sales", "billing"]
    running = Suite(
        root=ROOT,
        services=services,
        amqp_url=amqp_vhost_url,
        work_dir=tmp_path_factory.mktemp("suite"),
        extra_env={
            "CRM_ADMIN_EMAIL": ADMIN_EMAIL,
            "CRM_ADMIN_PASSWORD": ADMIN_PASSWORD,
            **suite_env(
                services,
                # Tests run billing's overdue check themselves, on dates they choose.
                BILLING_OVERDUE_CHECK_SECONDS="0",
                CONTACTS_OVERVIEW_TIMEOUT_SECONDS="2.0",
            ),
        },
    )
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def support_suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    """One running copy of identity, contacts, sales, billing and support, shared by the
    support modules (tickets, portal, SLA, 360 view, feedback and contracts): one start
    instead of five.

    The SLA check runs every second with no warning lead so a one-minute target breaches
    within the test; the 360 view waits up to 3 s for the other services.
    """
    with running_suite(
        ROOT,
        ["identity", "contacts", "sales", "billing", "support"],
        tmp_path_factory.mktemp("support-suite"),
        admin_email=SUPPORT_ADMIN_EMAIL,
        admin_password=SUPPORT_ADMIN_PASSWORD,
        env={
            "SUPPORT_SLA_CHECK_SECONDS": "1",
            "SUPPORT_SLA_WARNING_MINUTES": "0",
            "CONTACTS_OVERVIEW_TIMEOUT_SECONDS": "3.0",
            # Contracts follow usage and send reviews, closings get statistics facts, at once.
            "SUPPORT_CONTRACT_CHECK_SECONDS": "1",
            "SUPPORT_FACTS_CHECK_SECONDS": "1",
        },
        vhost_prefix="crm-e2e-support",
    ) as running:
        yield running


@pytest.fixture(scope="session")
def marketing_outbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    """A real SMTP server (the chassis' sink) marketing's worker mails to: (listener, folder)."""
    from crm_chassis.smtp.sink import sink
    from crm_chassis.testing.processes import free_port

    folder = tmp_path_factory.mktemp("marketing-mail")
    listener = sink("127.0.0.1", free_port(), folder)
    yield listener, folder
    listener.stop()


@pytest.fixture(scope="session")
def marketing_suite(
    tmp_path_factory: pytest.TempPathFactory, marketing_outbox: tuple[Any, Path]
) -> Iterator[Suite]:
    """One running copy of identity, contacts, sales and marketing, shared by the marketing
    modules (campaigns, audience, mailings, forms): one start instead of four.

    Segments page by two (a segment of five takes several List calls); the per-address form
    limits are lifted (every request comes from 127.0.0.1; the per-form one is tested);
    mail goes to ``marketing_outbox`` and the send job looks every 0.3 s.
    """
    with running_suite(
        ROOT,
        ["identity", "contacts", "sales", "marketing"],
        tmp_path_factory.mktemp("marketing-suite"),
        admin_email=MARKETING_ADMIN_EMAIL,
        admin_password=MARKETING_ADMIN_PASSWORD,
        env={
            "MARKETING_SEGMENT_PAGE_SIZE": "2",
            "CRM_GATEWAY_RATE_FORM_AVERAGE": "1000",
            "CRM_GATEWAY_RATE_FORM_BURST": "2000",
            "MARKETING_FORM_IP_LIMIT_PER_HOUR": "1000",
            "MARKETING_SMTP_PORT": str(marketing_outbox[0].port),
            "MARKETING_MAILING_SEND_SECONDS": "0.3",
        },
        vhost_prefix="crm-e2e-marketing",
    ) as running:
        yield running


@pytest.fixture(scope="session")
def gw(suite: Suite) -> str:
    return suite.gateway_url


def _password_token(gw: str, email: str, password: str) -> dict[str, Any]:
    resp = requests.post(
        f"{gw}/api/identity/v1/auth/token",
        json={"grant_type": "password", "username": email, "password": password},
        timeout=30,  # a suite just started on a busy two-core machine may be slow at first
    )
    assert resp.status_code == 200, resp.text
    return resp.json()


@pytest.fixture(scope="session")
def admin_token(gw: str) -> str:
    return _password_token(gw, ADMIN_EMAIL, ADMIN_PASSWORD)["access_token"]


@pytest.fixture(scope="session")
def sign_in(gw: str) -> Callable[[str, str], dict[str, Any]]:
    """Return a function that signs in through the gateway and returns the token answer."""
    return lambda email, password: _password_token(gw, email, password)


@pytest.fixture(scope="session")
def admin(admin_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {admin_token}"}


def _eventually(check: Callable[[], Any], timeout: float = 15.0, interval: float = 0.1) -> Any:
    """Poll ``check`` until it returns a truthy value; fail with its last value on timeout."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s; last value: {last!r}")


@pytest.fixture(scope="session")
def eventually() -> Callable[..., Any]:
    return _eventually
