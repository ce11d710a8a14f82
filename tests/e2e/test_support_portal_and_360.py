"""Support through the gateway (issue 13, h/kb): portal users' own documents, the knowledge
base for the portal, and tickets in contacts' 360 view and timeline.

Two customers (accounts) each have a portal user, an approved quote, a sales order and an
issued invoice. Each portal user sees exactly their own on every path (list, get, PDF);
the other's ids answer 404; staff-only fields never appear. A ticket opened through the
gateway shows in its account's 360 view (SupportService.ListTickets with the caller's
token) and on the timeline (support.ticket.opened.v1 through RabbitMQ).

The suite is this module's own: it needs support beside identity, contacts, sales, billing.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
import requests

from crm_suite_testing.suite import SUPPORT_ADMIN_EMAIL as ADMIN_EMAIL
from crm_suite_testing.suite import SUPPORT_ADMIN_PASSWORD as ADMIN_PASSWORD
from crm_suite_testing.suite import Suite, password_headers

PASSWORD = "portal-Pass-12345"
SUPPORT, SALES, BILLING = "/api/support/v1", "/api/sales/v1", "/api/billing/v1"
CONTACTS, IDENTITY = "/api/contacts/v1", "/api/identity/v1"
STAFF_ONLY = ("owner_id", "approved_by", "approval_status", "dunning_level", "opportunity_id")


@pytest.fixture(scope="module")
def gw(support_suite: Suite) -> str:
    return support_suite.gateway_url


@pytest.fixture(scope="module")
def admin(gw: str) -> dict[str, str]:
    return password_headers(gw, ADMIN_EMAIL, ADMIN_PASSWORD)


def eventually(check: Any, timeout: float = 30.0) -> Any:
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.3)
    raise AssertionError(f"not met within {timeout}s; last: {last!r}")


def _post(gw: str, path: str, headers: dict[str, str], body: Any = None) -> Any:
    resp = requests.post(f"{gw}{path}", json=body or {}, headers=headers, timeout=15)
    assert resp.status_code in (200, 201), f"{path}: {resp.status_code} {resp.text}"
    return resp.json()


def _customer(gw: str, admin: dict[str, str], product_id: str) -> dict[str, Any]:
    """An account with a contact, a portal user, an approved quote, an order, an invoice."""
    account = _post(gw, f"{CONTACTS}/accounts", admin, {"name": f"Cust {uuid.uuid4().hex[:6]}"})
    contact = _post(
        gw, f"{CONTACTS}/contacts", admin, {"last_name": "Buyer", "account_id": account["id"]}
    )
    email = f"portal-{uuid.uuid4().hex[:8]}@e2e.test"
    body = {"email": email, "display_name": email, "password": PASSWORD, "kind": "portal"}
    body |= {"account_id": account["id"], "contact_id": contact["id"]}
    _post(gw, f"{IDENTITY}/users", admin, body)
    line = {"product_id": product_id, "quantity": 2}
    quote = _post(gw, f"{SALES}/quotes", admin, {"account_id": account["id"], "lines": [line]})
    _post(gw, f"{SALES}/quotes/{quote['id']}/approve", admin)
    draft = _post(gw, f"{SALES}/quotes", admin, {"account_id": account["id"], "lines": [line]})
    order = _post(gw, f"{SALES}/sales-orders", admin, {"quote_id": quote["id"]})
    invoice_line = {"description": "Service", "quantity": "1", "unit_price": "50.00"}
    invoice = _post(
        gw,
        f"{BILLING}/invoices",
        admin,
        {"account_id": account["id"], "currency": "EUR", "lines": [invoice_line]},
    )
    _post(gw, f"{BILLING}/invoices/{invoice['id']}/approve", admin)
    portal = password_headers(gw, email, PASSWORD)
    return {
        "account": account,
        "portal": portal,
        "quote": quote["id"],
        "draft_quote": draft["id"],
        "order": order["id"],
        "invoice": invoice["id"],
    }


@pytest.fixture(scope="module")
def customers(gw: str, admin: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    product = _post(
        gw,
        f"{SALES}/products",
        admin,
        {"code": f"P-{uuid.uuid4().hex[:6]}", "name": "Gadget", "unit_price": "10.00",
         "currency": "EUR"},
    )  # fmt: skip
    return _customer(gw, admin, product["id"]), _customer(gw, admin, product["id"])


PATHS = (("quotes", "quote"), ("orders", "order"), ("invoices", "invoice"))


def test_each_portal_user_sees_only_their_own_documents(gw, customers):
    for me, other in (customers, customers[::-1]):
        for path, key in PATHS:
            listed = requests.get(f"{gw}{SUPPORT}/portal/{path}", headers=me["portal"], timeout=15)
            assert listed.status_code == 200, listed.text
            assert [d["id"] for d in listed.json()["items"]] == [me[key]], (path, listed.json())
            mine = requests.get(
                f"{gw}{SUPPORT}/portal/{path}/{me[key]}", headers=me["portal"], timeout=15
            )
            assert mine.status_code == 200, mine.text
            assert not set(STAFF_ONLY) & set(mine.json())
            theirs = requests.get(
                f"{gw}{SUPPORT}/portal/{path}/{other[key]}", headers=me["portal"], timeout=15
            )
            assert theirs.status_code == 404, theirs.text
        draft = requests.get(
            f"{gw}{SUPPORT}/portal/quotes/{me['draft_quote']}", headers=me["portal"], timeout=15
        )
        assert draft.status_code == 404


def test_each_portal_user_prints_only_their_own_invoice(gw, customers):
    me, other = customers
    pdf = requests.get(
        f"{gw}{SUPPORT}/portal/invoices/{me['invoice']}/pdf", headers=me["portal"], timeout=15
    )
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["Content-Type"].startswith("application/pdf")
    assert pdf.content.startswith(b"%PDF")
    theirs = requests.get(
        f"{gw}{SUPPORT}/portal/invoices/{other['invoice']}/pdf", headers=me["portal"], timeout=15
    )
    assert theirs.status_code == 404


def test_portal_users_read_published_articles_only(gw, admin, customers):
    me = customers[0]["portal"]
    words = {"title": f"Reset the router {uuid.uuid4().hex[:6]}", "body": "Hold the button."}
    published = _post(gw, f"{SUPPORT}/articles", admin, words)
    for status in ("Reviewed", "Published"):
        url = f"{gw}{SUPPORT}/articles/{published['id']}"
        resp = requests.patch(url, json={"status": status}, headers=admin, timeout=15)
        assert resp.status_code == 200, resp.text
    draft = _post(gw, f"{SUPPORT}/articles", admin, {"title": "Router internals", "body": "x"})
    found = requests.get(
        f"{gw}{SUPPORT}/articles/search", params={"q": "router"}, headers=me, timeout=15
    )
    assert found.status_code == 200, found.text
    assert [a["id"] for a in found.json()["items"]] == [published["id"]]
    hidden = requests.get(f"{gw}{SUPPORT}/articles/{draft['id']}", headers=me, timeout=15)
    assert hidden.status_code == 404
    suggested = requests.get(
        f"{gw}{SUPPORT}/articles/suggestions",
        params={"title": "my router is stuck"},
        headers=admin,
        timeout=15,
    )
    assert [a["id"] for a in suggested.json()["items"]] == [published["id"]]


def test_a_ticket_shows_in_the_360_view_and_on_the_timeline(gw, admin, customers):
    account = customers[0]["account"]
    ticket = _post(
        gw,
        f"{SUPPORT}/tickets",
        admin,
        {"title": "Gadget rattles", "description": "It rattles.", "account_id": account["id"]},
    )

    def overview_tickets() -> Any:
        resp = requests.get(
            f"{gw}{CONTACTS}/accounts/{account['id']}/overview", headers=admin, timeout=15
        )
        assert resp.status_code == 200, resp.text
        part = resp.json()["tickets"]
        return part if part["status"] == "ok" and part.get("items") else None

    part = eventually(overview_tickets)
    assert [t["id"] for t in part["items"]] == [ticket["id"]]

    def on_timeline() -> Any:
        resp = requests.get(
            f"{gw}{CONTACTS}/accounts/{account['id']}/timeline", headers=admin, timeout=15
        )
        assert resp.status_code == 200, resp.text
        return [e for e in resp.json()["items"] if e["event_type"] == "support.ticket.opened.v1"]

    [entry] = eventually(on_timeline)
    assert entry["summary"] == f"Ticket opened {ticket['number']}"
