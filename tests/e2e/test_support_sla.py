"""SLAs end to end (issue 13): a ticket whose first-response target is one business minute
on a 24/7 calendar breaches; support's worker announces it once through the outbox and the
real broker, and contacts turns it into a task for the ticket owner's manager (the holder
of the owner's parent role in identity's role hierarchy).

The suite is this module's own (own vhost too), with support's check every second.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

from crm_suite_testing.suite import SUPPORT_ADMIN_EMAIL as ADMIN_EMAIL
from crm_suite_testing.suite import SUPPORT_ADMIN_PASSWORD as ADMIN_PASSWORD
from crm_suite_testing.suite import Suite, password_headers

PASSWORD = "Corr3ct-horse-battery"
IDENTITY, SUPPORT, CONTACTS = "/api/identity/v1", "/api/support/v1", "/api/contacts/v1"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@pytest.fixture(scope="module")
def sla_suite(support_suite: Suite) -> Suite:
    """The session's suite with support (tests/e2e/conftest.py)."""
    return support_suite


@pytest.fixture(scope="module")
def gw(sla_suite: Suite) -> str:
    return sla_suite.gateway_url


@pytest.fixture(scope="module")
def admin(gw: str) -> dict[str, str]:
    return password_headers(gw, ADMIN_EMAIL, ADMIN_PASSWORD)


def _eventually(check: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def _post(gw: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    resp = requests.post(f"{gw}{path}", json=body, headers=headers, timeout=10)
    assert resp.status_code == 201, resp.text
    return resp.json()


def _team(gw: str, admin: dict[str, str]) -> tuple[str, str]:
    """A lead role under the CEO with one manager, an agent role under it with one agent."""
    tag = uuid.uuid4().hex[:8]
    get = requests.get(f"{gw}{IDENTITY}/roles", params={"limit": 500}, headers=admin, timeout=10)
    roles = {r["name"]: r for r in get.json()["items"]}
    profiles = {
        r["name"]: r
        for r in requests.get(
            f"{gw}{IDENTITY}/profiles", params={"limit": 500}, headers=admin, timeout=10
        ).json()["items"]
    }
    support = [profiles["Support Profile"]["id"]]
    lead = _post(
        gw,
        f"{IDENTITY}/roles",
        {"name": f"SLA Lead {tag}", "parent_id": roles["CEO"]["id"], "profile_ids": support},
        admin,
    )
    agent = _post(
        gw,
        f"{IDENTITY}/roles",
        {"name": f"SLA Agent {tag}", "parent_id": lead["id"], "profile_ids": support},
        admin,
    )
    ids = []
    for who, role in (("manager", lead), ("agent", agent)):
        email = f"{who}.{tag}@e2e.test"
        body = {"email": email, "display_name": email, "password": PASSWORD, "role_id": role["id"]}
        ids.append(_post(gw, f"{IDENTITY}/users", body, admin)["id"])
    return ids[0], ids[1]


def _ticket(gw: str, admin: dict[str, str], owner: str) -> dict[str, Any]:
    """Open the ticket once support's policy copy knows the new agent (an event away)."""
    body = {"title": "Checkout is down", "priority": "Urgent", "owner_id": owner}

    def attempt() -> dict[str, Any] | None:
        resp = requests.post(f"{gw}{SUPPORT}/tickets", json=body, headers=admin, timeout=10)
        if resp.status_code == 422:
            return None
        assert resp.status_code == 201, resp.text
        return resp.json()

    found = _eventually(attempt)
    assert found, "support never learnt of the agent"
    return found


def test_a_breached_ticket_becomes_one_task_for_the_owners_manager(gw, admin):
    manager, agent = _team(gw, admin)
    hours = {d: [{"start": "00:00", "end": "24:00"}] for d in DAYS}
    calendar = _post(
        gw, f"{SUPPORT}/calendars", {"name": "24/7", "time_zone": "UTC", "hours": hours}, admin
    )
    _post(
        gw,
        f"{SUPPORT}/sla-policies",
        {
            "name": "Urgent",
            "priority": "Urgent",
            "calendar_id": calendar["id"],
            "first_response_minutes": 1,
        },
        admin,
    )
    ticket = _ticket(gw, admin, agent)
    first = ticket["sla"]["targets"][0]
    assert (first["target"], first["breached"]) == ("first_response", False)

    def tasks() -> list[dict[str, Any]]:
        resp = requests.get(
            f"{gw}{CONTACTS}/tasks", params={"limit": 500}, headers=admin, timeout=10
        )
        assert resp.status_code == 200, resp.text
        return [t for t in resp.json()["items"] if t.get("related_id") == ticket["id"]]

    found = _eventually(tasks, timeout=120.0)
    assert [(t["owner_id"], t["title"]) for t in found] == [
        (manager, f"SLA breached on ticket {ticket['number']}")
    ]
    sla = requests.get(f"{gw}{SUPPORT}/tickets/{ticket['id']}/sla", headers=admin, timeout=10)
    assert sla.json()["targets"][0]["breached"] is True
    time.sleep(3.0)  # more checks ran: still one breach, one task
    assert len(tasks()) == 1
