"""Feedback end to end (issue 13): a ticket is closed through the gateway; the survey's
signed link answers without a login (the gateway's public router), once (409 after); a
forged link is 404; the portal user of the ticket's account answers another closed ticket;
the summary per agent counts both; support.feedback.received.v1 reaches contacts' timeline.

The suite is the support modules' shared one (tests/e2e/conftest.py, ``support_suite``).
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
API = "/api/support/v1"
CONTACTS = "/api/contacts/v1"


@pytest.fixture(scope="module")
def feedback_suite(support_suite: Suite) -> Suite:
    """The session's suite with support (tests/e2e/conftest.py)."""
    return support_suite


@pytest.fixture(scope="module")
def gw(feedback_suite: Suite) -> str:
    return feedback_suite.gateway_url


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


def _created(resp: requests.Response) -> dict[str, Any]:
    assert resp.status_code == 201, resp.text
    return resp.json()


def _customer(gw: str, admin: dict[str, str]) -> dict[str, Any]:
    """An account, its contact, and the contact's portal user (signed in)."""
    account = _created(
        requests.post(f"{gw}{CONTACTS}/accounts", json={"name": "Acme"}, headers=admin, timeout=10)
    )
    contact = _created(
        requests.post(
            f"{gw}{CONTACTS}/contacts",
            json={"last_name": "Buyer", "account_id": account["id"]},
            headers=admin,
            timeout=10,
        )
    )
    email = f"portal-{uuid.uuid4().hex[:10]}@e2e.test"
    body = {
        "email": email,
        "display_name": "Acme buyer",
        "password": PASSWORD,
        "kind": "portal",
        "account_id": account["id"],
        "contact_id": contact["id"],
    }
    _created(requests.post(f"{gw}/api/identity/v1/users", json=body, headers=admin, timeout=10))
    return {"account_id": account["id"], "headers": password_headers(gw, email, PASSWORD)}


def _closed_ticket(gw: str, admin: dict[str, str], account_id: str) -> dict[str, Any]:
    body = {"title": "Printer on fire", "account_id": account_id}

    def attempt() -> dict[str, Any] | None:
        # 503 while contacts' gRPC server (the account check) is still starting.
        resp = requests.post(f"{gw}{API}/tickets", json=body, headers=admin, timeout=10)
        return None if resp.status_code == 503 else _created(resp)

    ticket = _eventually(attempt)
    assert ticket, "support could never check the account in contacts"
    closed = requests.patch(
        f"{gw}{API}/tickets/{ticket['id']}",
        json={"status": "Closed", "resolution": "Extinguished"},
        headers=admin,
        timeout=10,
    )
    assert closed.status_code == 200, closed.text
    return closed.json()


def test_close_link_answer_once_and_the_summary(gw, admin):
    customer = _customer(gw, admin)
    ticket = _closed_ticket(gw, admin, customer["account_id"])
    link = requests.get(f"{gw}{API}/tickets/{ticket['id']}/survey-link", headers=admin, timeout=10)
    assert link.status_code == 200, link.text
    token = link.json()["token"]
    url = f"{gw}{API}/feedback/{token}"
    # No Authorization header: the gateway's public survey router, the service's public route.
    survey = requests.get(url, timeout=10)
    assert survey.status_code == 200, survey.text
    assert survey.json()["ticket_number"] == ticket["number"]
    answer = requests.post(url, json={"score": 5, "comment": "Fast"}, timeout=10)
    assert answer.status_code == 201, answer.text
    again = requests.post(url, json={"score": 1}, timeout=10)
    assert again.status_code == 409
    assert again.headers["Content-Type"].startswith("application/problem+json")
    forged = requests.post(f"{gw}{API}/feedback/{token[:-3]}abc", json={"score": 1}, timeout=10)
    assert forged.status_code == 404
    bad = requests.post(url, json={"score": 11}, timeout=10)
    assert bad.status_code in (409, 422)

    second = _closed_ticket(gw, admin, customer["account_id"])
    portal = requests.post(
        f"{gw}{API}/tickets/{second['id']}/feedback",
        json={"score": 3},
        headers=customer["headers"],
        timeout=10,
    )
    assert portal.status_code == 201, portal.text

    span = {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z", "group_by": "agent"}
    summary = requests.get(f"{gw}{API}/feedback/summary", params=span, headers=admin, timeout=10)
    assert summary.status_code == 200, summary.text
    rows = summary.json()["rows"]
    assert sum(r["answers"] for r in rows) == 2
    assert requests.get(f"{gw}{API}/feedback/summary", params=span, timeout=10).status_code == 401

    def on_timeline() -> bool:
        entries = requests.get(
            f"{gw}{CONTACTS}/accounts/{customer['account_id']}/timeline",
            headers=admin,
            timeout=10,
        ).json()["items"]
        return any(e["event_type"] == "support.feedback.received.v1" for e in entries)

    assert _eventually(on_timeline), "contacts never put the feedback on the timeline"

    def performance() -> Any:
        resp = requests.get(
            f"{gw}{API}/reports/performance", params=span, headers=admin, timeout=10
        )
        assert resp.status_code == 200, resp.text
        return sum(r["closed"] for r in resp.json()["rows"]) >= 2

    assert _eventually(performance), "the worker never recorded the closed tickets' facts"


def test_a_contract_review_becomes_a_task_for_its_owner(gw, admin):
    """The worker's contract check announces the review once through the real broker;
    contacts makes the owner's task on the contract's account."""
    customer = _customer(gw, admin)
    today = time.strftime("%Y-%m-%d", time.gmtime())
    body = {
        "account_id": customer["account_id"],
        "subject": "Gold support",
        "start_date": "2000-01-01",
        "end_date": "2099-12-31",
        "review_date": today,
    }

    def create() -> dict[str, Any] | None:
        resp = requests.post(f"{gw}{API}/service-contracts", json=body, headers=admin, timeout=10)
        return None if resp.status_code == 503 else _created(resp)

    contract = _eventually(create)
    assert contract, "support could never check the account in contacts"

    def review_tasks() -> list[dict[str, Any]]:
        resp = requests.get(
            f"{gw}{CONTACTS}/tasks", params={"mine": "true"}, headers=admin, timeout=10
        )
        assert resp.status_code == 200, resp.text
        wanted = f"Review service contract {contract['number']}"
        return [t for t in resp.json()["items"] if t["title"] == wanted]

    tasks = _eventually(review_tasks)
    assert len(tasks) == 1, "contacts never made the review task"
    assert tasks[0]["related_id"] == customer["account_id"]
    time.sleep(3)  # more contract checks run (every second): still one task
    assert len(review_tasks()) == 1
