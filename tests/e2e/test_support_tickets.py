"""Trouble tickets through the gateway (identity, contacts and support running): a ticket
at a real account and contact, a staff answer, closing, and the customer's answer through
the portal reopening it; bad input answers 4xx and changes nothing."""

from __future__ import annotations

import uuid

import pytest
import requests

from crm_suite_testing.portal import customer
from crm_suite_testing.suite import SUPPORT_ADMIN_EMAIL as ADMIN_EMAIL
from crm_suite_testing.suite import SUPPORT_ADMIN_PASSWORD as ADMIN_PASSWORD
from crm_suite_testing.suite import Suite, password_headers

API = "/api/support/v1"


@pytest.fixture(scope="module")
def tickets_suite(support_suite: Suite) -> Suite:
    """The session's suite with support (tests/e2e/conftest.py)."""
    return support_suite


@pytest.fixture(scope="module")
def gw(tickets_suite: Suite) -> str:
    return tickets_suite.gateway_url


@pytest.fixture(scope="module")
def admin(gw: str) -> dict[str, str]:
    return password_headers(gw, ADMIN_EMAIL, ADMIN_PASSWORD)


def _count(gw: str, admin: dict[str, str]) -> int:
    resp = requests.get(f"{gw}{API}/tickets?limit=200", headers=admin, timeout=10)
    assert resp.status_code == 200, resp.text
    return len(resp.json()["items"])


def test_create_comment_close_and_the_customers_answer_reopens(gw, admin):
    acme = customer(gw, admin, f"Acme {uuid.uuid4().hex[:6]}")
    body = {
        "title": "Printer on fire",
        "account_id": acme["account_id"],
        "contact_id": acme["contact_id"],
        "priority": "High",
        "channel": "phone",
    }
    opened = requests.post(f"{gw}{API}/tickets", json=body, headers=admin, timeout=10)
    assert opened.status_code == 201, opened.text
    ticket = opened.json()
    assert ticket["number"].startswith("TT-") and ticket["status"] == "Open"
    url = f"{gw}{API}/tickets/{ticket['id']}"
    said = requests.post(f"{url}/comments", json={"body": "On our way"}, headers=admin, timeout=10)
    assert said.status_code == 201, said.text
    closed = requests.patch(
        url, json={"status": "Closed", "resolution": "Extinguished"}, headers=admin, timeout=10
    )
    assert closed.status_code == 200 and closed.json()["closed_at"]
    answer = requests.post(
        f"{url}/comments", json={"body": "It smokes again"}, headers=acme["headers"], timeout=10
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["new_ticket"] is False and answer.json()["author_kind"] == "customer"
    again = requests.get(url, headers=admin, timeout=10).json()
    assert again["status"] == "Open" and again["closed_at"] is None
    history = requests.get(f"{url}/history", headers=admin, timeout=10).json()["items"]
    statuses = [(h["old_value"], h["new_value"]) for h in history if h["field"] == "status"]
    assert statuses == [(None, "Open"), ("Open", "Closed"), ("Closed", "Open")]
    thread = requests.get(f"{url}/comments", headers=acme["headers"], timeout=10).json()
    assert [c["body"] for c in thread["items"]] == ["On our way", "It smokes again"]


def test_bad_input_answers_4xx_and_changes_nothing(gw, admin):
    acme = customer(gw, admin, f"Bad {uuid.uuid4().hex[:6]}")
    other = customer(gw, admin, f"Other {uuid.uuid4().hex[:6]}")
    before = _count(gw, admin)
    bad_bodies = [
        {"title": ""},
        {"title": "x", "priority": "Whenever"},
        {"title": "x", "account_id": str(uuid.uuid4())},
        {"title": "x", "account_id": acme["account_id"], "contact_id": other["contact_id"]},
        {"title": "x", "owner_id": str(uuid.uuid4())},
    ]
    for body in bad_bodies:
        resp = requests.post(f"{gw}{API}/tickets", json=body, headers=admin, timeout=10)
        assert resp.status_code == 422, (body, resp.text)
        assert resp.headers["Content-Type"].startswith("application/problem+json")
    assert _count(gw, admin) == before
    ok = requests.post(f"{gw}{API}/tickets", json={"title": "fine"}, headers=admin, timeout=10)
    url = f"{gw}{API}/tickets/{ok.json()['id']}"
    conflict = requests.patch(
        url, json={"status": "Open", "reason": "x"}, headers=admin, timeout=10
    )
    assert conflict.status_code == 200  # already Open: nothing to do
    closed = requests.patch(url, json={"status": "Closed"}, headers=admin, timeout=10).json()
    refused = requests.patch(url, json={"status": "Wait For Response"}, headers=admin, timeout=10)
    assert refused.status_code == 409 and refused.json()["current_status"] == "Closed"
    unchanged = requests.get(url, headers=admin, timeout=10).json()
    assert unchanged["status"] == "Closed" and unchanged["version"] == closed["version"]
