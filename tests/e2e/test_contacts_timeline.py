"""Contacts' timeline and 360 view through the gateway, with the real worker and RabbitMQ.

Another service's business event, published to the suite's exchange (twice, same id) lands
on the account's timeline exactly once; an overdue invoice becomes a task for the account
owner; the 360 view still answers, with the parts of services that are not running marked.

The suite is this module's own (own vhost too): the session suite's contacts worker would
otherwise share the ``contacts.events`` queue and take some of these events.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from crm_chassis.events.envelope import Envelope
from crm_chassis.events.publisher import ConfirmingPublisher, Outgoing
from crm_chassis.testing.processes import free_port
from crm_suite_testing.suite import Suite, password_headers, running_suite

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "timeline-admin@e2e.test"
ADMIN_PASSWORD = "timeline-admin-password-1"
API = "/api/contacts/v1"


@pytest.fixture(scope="module")
def timeline_suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    dead = free_port()  # nothing listens here: sales, billing and support are "down"
    with running_suite(
        ROOT,
        ["identity", "contacts"],
        tmp_path_factory.mktemp("timeline-suite"),
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        env={
            "CONTACTS_SALES_GRPC_TARGET": f"127.0.0.1:{dead}",
            "CONTACTS_BILLING_GRPC_TARGET": f"127.0.0.1:{dead}",
            "CONTACTS_SUPPORT_GRPC_TARGET": f"127.0.0.1:{dead}",
            "CONTACTS_OVERVIEW_TIMEOUT_SECONDS": "1.0",
        },
        vhost_prefix="crm-e2e-timeline",
    ) as running:
        yield running


@pytest.fixture(scope="module")
def gw(timeline_suite: Suite) -> str:
    return timeline_suite.gateway_url


@pytest.fixture(scope="module")
def admin(gw: str) -> dict[str, str]:
    return password_headers(gw, ADMIN_EMAIL, ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def publish(timeline_suite: Suite) -> Iterator[Any]:
    """Publish envelopes to the suite's exchange as another service's relay would."""
    publisher = ConfirmingPublisher(timeline_suite.amqp_url, connection_name="e2e-timeline")
    publisher.open()

    def send(*envelopes: Envelope) -> None:
        acks = publisher.publish(
            [Outgoing("crm.events", e.type, e.body(), e.properties()) for e in envelopes]
        )
        assert all(acks)

    yield send
    publisher.close()


def _eventually(check: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.2)
    raise AssertionError(f"not met within {timeout}s; last: {last!r}")


def _timeline(gw: str, admin: dict[str, str], account_id: str) -> list[dict[str, Any]]:
    resp = requests.get(f"{gw}{API}/accounts/{account_id}/timeline", headers=admin, timeout=10)
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


@pytest.fixture
def account(gw: str, admin: dict[str, str]) -> dict[str, Any]:
    resp = requests.post(
        f"{gw}{API}/accounts",
        json={"name": f"Timeline {uuid.uuid4().hex[:6]}"},
        headers=admin,
        timeout=10,
    )
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_an_event_published_twice_lands_on_the_timeline_once(gw, admin, publish, account):
    won = Envelope.build(
        type="sales.opportunity.won.v1",
        source="sales",
        subject=str(uuid.uuid4()),
        data={
            "opportunity": {
                "id": str(uuid.uuid4()),
                "name": "Big deal",
                "account_id": account["id"],
                "amount": "1250.00",
                "currency": "EUR",
                "sales_stage": "Closed Won",
            }
        },
    )
    publish(won)
    publish(won)  # the same id again, as a relay retrying after a lost confirm would
    marker = Envelope.build(
        type="billing.invoice.issued.v1",
        source="billing",
        subject="m",
        data={"account_id": account["id"], "number": "INV-MARK"},
    )
    publish(marker)
    # The worker handles in delivery order: once the marker is in, both copies were seen.
    _eventually(
        lambda: any(e["event_id"] == marker.id for e in _timeline(gw, admin, account["id"]))
    )
    entries = _timeline(gw, admin, account["id"])
    assert [e["event_id"] for e in entries].count(won.id) == 1
    entry = next(e for e in entries if e["event_id"] == won.id)
    assert entry["summary"] == "Opportunity won Big deal (1250.00 EUR)"
    assert entry["account_id"] == account["id"]


def test_an_overdue_invoice_becomes_a_task_for_the_account_owner(gw, admin, publish, account):
    overdue = Envelope.build(
        type="billing.invoice.overdue.v1",
        source="billing",
        subject=str(uuid.uuid4()),
        data={
            "invoice_id": str(uuid.uuid4()),
            "number": "INV-2026-000777",
            "account_id": account["id"],
            "balance_due": {"amount": "80.00", "currency": "EUR"},
        },
    )
    publish(overdue, overdue)

    def tasks() -> list[dict[str, Any]]:
        resp = requests.get(
            f"{gw}{API}/tasks",
            params={"mine": "true", "open": "true", "limit": 500},
            headers=admin,
            timeout=10,
        )
        assert resp.status_code == 200, resp.text
        return [t for t in resp.json()["items"] if t["source_event_id"] == overdue.id]

    found = _eventually(tasks)
    assert len(found) == 1
    assert found[0]["owner_id"] == account["owner_id"]
    assert found[0]["title"] == "Chase overdue invoice INV-2026-000777"
    time.sleep(1.0)
    assert len(tasks()) == 1


def test_the_360_view_degrades_when_services_are_not_running(gw, admin, account):
    requests.post(
        f"{gw}{API}/contacts",
        json={"last_name": "Hopper", "account_id": account["id"]},
        headers=admin,
        timeout=10,
    ).raise_for_status()
    started = time.monotonic()
    resp = requests.get(f"{gw}{API}/accounts/{account['id']}/overview", headers=admin, timeout=10)
    elapsed = time.monotonic() - started
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["account"]["id"] == account["id"]
    assert body["contacts"]["status"] == "ok"
    assert [c["last_name"] for c in body["contacts"]["items"]] == ["Hopper"]
    # Sales and billing have their gRPC APIs, but nothing listens at the configured targets.
    for part in ("opportunities", "quotes", "orders", "invoices"):
        assert body[part]["status"] == "unavailable", body[part]
        assert "items" not in body[part]
    # Down, or no such API yet (support has no proto).
    assert body["tickets"]["status"] in ("unavailable", "not_available_yet"), body["tickets"]
    assert elapsed < 5.0
    missing = requests.get(f"{gw}{API}/accounts/{uuid.uuid4()}/overview", headers=admin, timeout=10)
    assert missing.status_code == 404
    assert missing.headers["Content-Type"].startswith("application/problem+json")
