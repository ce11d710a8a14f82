"""The issue's sales lifecycle cases through the gateway, each shown fixed.

1. A revision supersedes: its approval names every earlier version
   (``superseded_quote_ids``, what billing cancels), and no order from a superseded version.
8. Approval limits: a rep's 12,000,000 EUR quote waits for a higher role; no invoice follows
   until the manager approves.
12. Statuses go forward only (a delivered order does not go back; an order whose invoice is
    partly paid is not cancelled); a closed deal is final until reopened with a reason, and
    its probability follows the outcome.
13. One line rule: the same line gives the same amounts on a quote and on an invoice, and a
    discount larger than the line is refused by both, naming ``lines[0].discount_amount``.

Runs on the session suite (identity, contacts, sales, billing).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

from crm.sales.v1 import events_pb2 as sales_ev
from crm_chassis.testing.bus import BusTap
from crm_suite_testing.suite import Suite

IDENTITY = "/api/identity/v1"
CONTACTS = "/api/contacts/v1"
SALES = "/api/sales/v1"
BILLING = "/api/billing/v1"
PASSWORD = "Corr3ct-horse-battery"
WORK = ["view", "create", "edit"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def call(gw: str, method: str, path: str, headers: dict, body: Any = None) -> requests.Response:
    return requests.request(method, f"{gw}{path}", json=body, headers=headers, timeout=15)


def created(resp: requests.Response) -> dict[str, Any]:
    assert resp.status_code == 201, (resp.request.url, resp.status_code, resp.text)
    return resp.json()


def wait(check: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.2)
    raise AssertionError(f"condition not met within {timeout}s; last value: {last!r}")


@pytest.fixture(scope="module")
def shop(suite: Suite, gw: str, admin: dict) -> dict[str, Any]:
    """A customer account and a product (19 % tax) made by the administrator."""
    tag = uuid.uuid4().hex[:6]
    account = created(call(gw, "POST", f"{CONTACTS}/accounts", admin, {"name": f"Integ {tag}"}))
    product = created(
        call(
            gw,
            "POST",
            f"{SALES}/products",
            admin,
            {
                "code": f"LC-{tag}",
                "name": "Lifecycle widget",
                "unit_price": "33.33",
                "currency": "EUR",
                "tax_percent": "19",
            },
        )
    )
    return {"account": account["id"], "product": product["id"], "tag": tag}


def quote(gw: str, headers: dict, shop: dict, **line: Any) -> dict[str, Any]:
    body = {"account_id": shop["account"], "lines": [{"product_id": shop["product"], **line}]}
    return created(call(gw, "POST", f"{SALES}/quotes", headers, body))


def approve(gw: str, headers: dict, quote_id: str) -> requests.Response:
    return call(gw, "POST", f"{SALES}/quotes/{quote_id}/approve", headers, {})


def invoices_of(gw: str, admin: dict, quote_id: str) -> list[dict[str, Any]]:
    resp = requests.get(
        f"{gw}{BILLING}/invoices", params={"quote_id": quote_id}, headers=admin, timeout=10
    )
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


def test_case_1_a_revision_supersedes_its_earlier_versions(
    suite: Suite, gw: str, admin: dict, shop: dict
) -> None:
    first = quote(gw, admin, shop, quantity=2)
    tap = BusTap(suite.amqp_url, ["sales.quote.approved.v1"])
    try:
        assert approve(gw, admin, first["id"]).status_code == 200
        revised = created(call(gw, "POST", f"{SALES}/quotes/{first['id']}/revise", admin, {}))
        lines = {"lines": [{"product_id": shop["product"], "quantity": 5}]}
        changed = call(gw, "PATCH", f"{SALES}/quotes/{revised['id']}", admin, lines)
        assert changed.status_code == 200, changed.text
        assert approve(gw, admin, revised["id"]).status_code == 200
        events = {e.subject: e for e in (tap.next(), tap.next())}
    finally:
        tap.close()
    message = events[revised["id"]].parse(sales_ev.QuoteApproved)
    assert list(message.superseded_quote_ids) == [first["id"]]
    assert list(events[first["id"]].parse(sales_ev.QuoteApproved).superseded_quote_ids) == []
    # The superseded version is neither approved again nor ordered from.
    again = approve(gw, admin, first["id"])
    assert again.status_code == 409 and again.json()["current_status"] == "Superseded"
    old = call(gw, "POST", f"{SALES}/sales-orders", admin, {"quote_id": first["id"]})
    assert old.status_code == 409 and old.json()["current_status"] == "Superseded"
    assert old.headers["Content-Type"].startswith("application/problem+json")
    created(call(gw, "POST", f"{SALES}/sales-orders", admin, {"quote_id": revised["id"]}))


@pytest.fixture(scope="module")
def team(gw: str, admin: dict, sign_in: Callable[..., Any], shop: dict) -> dict[str, Any]:
    """A manager above a rep (under the CEO), both selling; the customer is the rep's."""
    tag = shop["tag"]
    profile = created(
        call(
            gw,
            "POST",
            f"{IDENTITY}/profiles",
            admin,
            {
                "name": f"Lifecycle Sales {tag}",
                "modules": {
                    "quotes": WORK,
                    "sales_orders": WORK,
                    "products": ["view"],
                    "accounts": ["view"],
                },
            },
        )
    )
    roles = requests.get(f"{gw}{IDENTITY}/roles", params={"limit": 500}, headers=admin, timeout=10)
    ceo = next(r["id"] for r in roles.json()["items"] if r["name"] == "CEO")
    ids: dict[str, str] = {}
    parent = ceo
    for who in ("manager", "rep"):
        body = {"name": f"LC {who} {tag}", "parent_id": parent, "profile_ids": [profile["id"]]}
        parent = ids[f"{who}_role"] = created(call(gw, "POST", f"{IDENTITY}/roles", admin, body))[
            "id"
        ]
        user = {
            "email": f"lc-{who}.{tag}@e2e.test",
            "display_name": f"{who} {tag}",
            "password": PASSWORD,
            "role_id": parent,
        }
        ids[who] = created(call(gw, "POST", f"{IDENTITY}/users", admin, user))["id"]
    tokens = {
        who: bearer(sign_in(f"lc-{who}.{tag}@e2e.test", PASSWORD)["access_token"])
        for who in ("manager", "rep")
    }

    def own_account() -> str | None:
        body = {"name": f"Big Customer {tag}", "owner_id": ids["rep"]}
        resp = call(gw, "POST", f"{CONTACTS}/accounts", admin, body)
        assert resp.status_code in (201, 422), resp.text  # 422: owner not known yet
        return resp.json()["id"] if resp.status_code == 201 else None

    return {"ids": ids, "tokens": tokens, "account": wait(own_account)}


def test_case_8_above_his_limit_a_rep_waits_for_his_manager(
    gw: str, admin: dict, shop: dict, team: dict
) -> None:
    ids, tokens = team["ids"], team["tokens"]
    limits = {
        "roles": [
            {"role_id": ids["rep_role"], "max_grand_total": "10000", "currency": "EUR"},
            {"role_id": ids["manager_role"], "max_grand_total": "50000000", "currency": "EUR"},
        ]
    }
    assert call(gw, "PUT", f"{SALES}/approval-limits", admin, limits).status_code == 200
    assert call(gw, "PUT", f"{SALES}/approval-limits", tokens["rep"], limits).status_code == 403
    body = {
        "account_id": team["account"],
        "lines": [
            {
                "product_id": shop["product"],
                "quantity": 12,
                "unit_price": "1000000",
                "tax_percent": "0",
            }
        ],
    }
    big = created(call(gw, "POST", f"{SALES}/quotes", tokens["rep"], body))
    assert big["grand_total"] == "12000000.00"
    # Sales knows the hierarchy once the manager sees the rep's quote.
    wait(lambda: call(gw, "GET", f"{SALES}/quotes/{big['id']}", tokens["manager"]).ok)
    asked = approve(gw, tokens["rep"], big["id"])
    assert asked.status_code == 200, asked.text
    assert asked.json()["approval_status"] == "Pending Approval"
    assert asked.json()["awaiting_approval_by"] == [ids["manager_role"]]
    assert approve(gw, tokens["rep"], big["id"]).status_code == 403  # not his own
    time.sleep(2)
    assert invoices_of(gw, admin, big["id"]) == []  # nothing billed while it waits
    approved = approve(gw, tokens["manager"], big["id"])
    assert approved.status_code == 200, approved.text
    path = approved.json()["approval_path"]
    assert [(s["step"], s["by"]) for s in path] == [
        ("requested", ids["rep"]),
        ("approved", ids["manager"]),
    ]
    assert wait(lambda: invoices_of(gw, admin, big["id"]))


def test_case_12_a_sales_order_only_moves_forward(gw: str, admin: dict, shop: dict) -> None:
    q = quote(gw, admin, shop, quantity=1)
    assert approve(gw, admin, q["id"]).status_code == 200
    order = created(call(gw, "POST", f"{SALES}/sales-orders", admin, {"quote_id": q["id"]}))
    url = f"{SALES}/sales-orders/{order['id']}"
    for status in ("Approved", "Delivered"):
        assert call(gw, "PATCH", url, admin, {"status": status}).status_code == 200
    back = call(gw, "PATCH", url, admin, {"status": "Created"})
    assert back.status_code == 409
    assert (back.json()["current_status"], back.json()["allowed_next"]) == ("Delivered", [])
    assert call(gw, "PATCH", url, admin, {"status": "Cancelled"}).status_code == 409


def test_case_12_an_order_whose_invoice_is_partly_paid_is_not_cancelled(
    gw: str, admin: dict, shop: dict
) -> None:
    q = quote(gw, admin, shop, quantity=3)
    assert approve(gw, admin, q["id"]).status_code == 200
    order = created(call(gw, "POST", f"{SALES}/sales-orders", admin, {"quote_id": q["id"]}))
    [invoice] = wait(lambda: invoices_of(gw, admin, q["id"]))
    issued = call(gw, "POST", f"{BILLING}/invoices/{invoice['id']}/approve", admin, {})
    assert issued.status_code == 200, issued.text
    payment = {"account_id": shop["account"], "amount": "10.00", "currency": "EUR"}
    created(call(gw, "POST", f"{BILLING}/payments", admin, payment))
    url = f"{SALES}/sales-orders/{order['id']}"
    wait(lambda: call(gw, "GET", url, admin).json()["invoice_paid"])
    refused = call(gw, "PATCH", url, admin, {"status": "Cancelled"})
    assert refused.status_code == 409, refused.text
    assert "Cancelled" not in refused.json()["allowed_next"]
    assert call(gw, "GET", url, admin).json()["status"] == "Created"


def test_case_12_a_closed_deal_is_final_and_its_probability_follows(gw: str, admin: dict) -> None:
    opp = created(call(gw, "POST", f"{SALES}/opportunities", admin, {"name": "LC deal"}))
    url = f"{SALES}/opportunities/{opp['id']}"
    won = call(gw, "PATCH", url, admin, {"sales_stage": "Closed Won"})
    assert won.json()["probability"] == 100
    back = call(gw, "PATCH", url, admin, {"sales_stage": "Prospecting"})
    assert back.status_code == 409 and back.json()["current_status"] == "Closed Won"
    no_reason = call(gw, "POST", f"{url}/reopen", admin, {"sales_stage": "Prospecting"})
    assert no_reason.status_code == 422
    reopened = call(
        gw, "POST", f"{url}/reopen", admin, {"sales_stage": "Prospecting", "reason": "PO withdrawn"}
    )
    assert reopened.status_code == 200 and reopened.json()["probability"] == 10
    lost = call(gw, "PATCH", url, admin, {"sales_stage": "Closed Lost", "probability": 90})
    assert lost.status_code == 422 and lost.json()["errors"][0]["field"] == "probability"
    lost = call(gw, "PATCH", url, admin, {"sales_stage": "Closed Lost"})
    assert lost.json()["probability"] == 0


def test_case_13_one_line_rule_on_quotes_and_invoices(gw: str, admin: dict, shop: dict) -> None:
    line = {"quantity": "3", "unit_price": "33.33", "discount_percent": "10", "tax_percent": "19"}
    q = quote(gw, admin, shop, **line)
    invoice = created(
        call(
            gw,
            "POST",
            f"{BILLING}/invoices",
            admin,
            {
                "account_id": shop["account"],
                "currency": "EUR",
                "lines": [{"description": "Lifecycle widget", **line}],
            },
        )
    )
    assert (q["subtotal"], q["discount_total"], q["tax_total"], q["grand_total"]) == (
        invoice["subtotal"],
        invoice["discount"],
        invoice["tax"],
        invoice["total"],
    )
    too_much = {"quantity": "1", "unit_price": "10.00", "discount_amount": "12.00"}
    body = {"account_id": shop["account"], "lines": [{"product_id": shop["product"], **too_much}]}
    on_quote = call(gw, "POST", f"{SALES}/quotes", admin, body)
    on_invoice = call(
        gw,
        "POST",
        f"{BILLING}/invoices",
        admin,
        {
            "account_id": shop["account"],
            "currency": "EUR",
            "lines": [{"description": "Lifecycle widget", **too_much}],
        },
    )
    for resp in (on_quote, on_invoice):
        assert resp.status_code == 422, resp.text
        assert [e["field"] for e in resp.json()["errors"]] == ["lines[0].discount_amount"]


def test_case_13_a_line_with_two_discounts_is_refused_alike(
    gw: str, admin: dict, shop: dict
) -> None:
    """A percent and an amount on one line: which counts? Refused alike, naming the line."""
    both = {"quantity": "1", "unit_price": "10.00", "discount_percent": "5", "discount_amount": "1"}
    on_quote = call(
        gw,
        "POST",
        f"{SALES}/quotes",
        admin,
        {"account_id": shop["account"], "lines": [{"product_id": shop["product"], **both}]},
    )
    on_invoice = call(
        gw,
        "POST",
        f"{BILLING}/invoices",
        admin,
        {
            "account_id": shop["account"],
            "currency": "EUR",
            "lines": [{"description": "Lifecycle widget", **both}],
        },
    )
    for resp in (on_quote, on_invoice):
        assert resp.status_code == 422, resp.text
        assert [e["field"] for e in resp.json()["errors"]] == ["lines[0]"]
