"""The 360 view with the real sales and billing behind it, through the gateway.

A converted lead's account shows its open opportunity (SalesService.ListOpportunities) and
its approved quote (ListQuotes), each part ``ok``; with billing's gRPC role stopped, the
invoices part is ``unavailable`` while every other part still answers.

Runs on the session suite (identity, contacts, sales, billing); it stops billing's gRPC
role for one test and waits until it answers again.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import grpc
import pytest
import requests

from crm_suite_testing.suite import Suite

ROOT = Path(__file__).resolve().parents[2]
SALES = "/api/sales/v1"
CONTACTS = "/api/contacts/v1"


@pytest.fixture(scope="module")
def overview_suite(suite: Suite) -> Suite:
    return suite


def _post(gw: str, path: str, headers: dict[str, str], body: Any = None) -> requests.Response:
    return requests.post(f"{gw}{path}", json=body or {}, headers=headers, timeout=15)


def _eventually(check: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.2)
    raise AssertionError(f"not met within {timeout}s; last: {last!r}")


def _overview(gw: str, admin: dict[str, str], account_id: str) -> dict[str, Any]:
    resp = requests.get(f"{gw}{CONTACTS}/accounts/{account_id}/overview", headers=admin, timeout=15)
    assert resp.status_code == 200, resp.text
    return resp.json()


@pytest.fixture(scope="module")
def converted(gw: str, admin: dict[str, str]) -> dict[str, Any]:
    """A lead converted into account + contact + opportunity, and an approved quote."""
    company = f"Overview {uuid.uuid4().hex[:6]}"
    lead = _post(
        gw,
        f"{SALES}/leads",
        admin,
        {"first_name": "Ada", "last_name": "Lovelace", "company": company},
    )
    assert lead.status_code == 201, lead.text
    conversion = _post(gw, f"{SALES}/leads/{lead.json()['id']}/convert", admin)
    assert conversion.status_code == 201, conversion.text
    ids = conversion.json()
    _eventually(
        lambda: (
            requests.get(
                f"{gw}{CONTACTS}/accounts/{ids['account_id']}", headers=admin, timeout=10
            ).status_code
            == 200
        )
    )
    product = _post(
        gw,
        f"{SALES}/products",
        admin,
        {
            "code": f"OV-{uuid.uuid4().hex[:6]}",
            "name": "Overview widget",
            "unit_price": "20.00",
            "currency": "EUR",
            "tax_percent": "19",
        },
    )
    assert product.status_code == 201, product.text
    quote = _post(
        gw,
        f"{SALES}/quotes",
        admin,
        {
            "account_id": ids["account_id"],
            "opportunity_id": ids["opportunity_id"],
            "subject": "First order",
            "lines": [{"product_id": product.json()["id"], "quantity": 2}],
        },
    )
    assert quote.status_code == 201, quote.text
    approved = _post(gw, f"{SALES}/quotes/{quote.json()['id']}/approve", admin)
    assert approved.status_code == 200, approved.text
    return {**ids, "company": company, "quote": approved.json()}


def test_the_overview_of_a_converted_leads_account_shows_its_deal_and_approved_quote(
    gw: str, admin: dict[str, str], converted: dict[str, Any]
) -> None:
    body = _overview(gw, admin, converted["account_id"])
    assert body["account"]["name"] == converted["company"]
    assert body["contacts"]["status"] == "ok"
    assert [c["id"] for c in body["contacts"]["items"]] == [converted["contact_id"]]
    assert body["opportunities"]["status"] == "ok", body["opportunities"]
    assert [o["id"] for o in body["opportunities"]["items"]] == [converted["opportunity_id"]]
    assert body["opportunities"]["items"][0]["account_id"] == converted["account_id"]
    assert body["quotes"]["status"] == "ok", body["quotes"]
    [quote] = body["quotes"]["items"]
    assert quote["id"] == converted["quote"]["id"]
    assert quote["approval_status"] == "Approved"
    assert quote["grand_total"] == converted["quote"]["grand_total"]
    assert body["orders"]["status"] == "ok"
    assert body["invoices"]["status"] == "ok", body["invoices"]


def test_with_billing_stopped_the_invoices_part_is_unavailable_and_the_rest_answers(
    overview_suite: Suite, gw: str, admin: dict[str, str], converted: dict[str, Any]
) -> None:
    overview_suite.stop_process("billing-grpc")
    try:
        started = time.monotonic()
        body = _overview(gw, admin, converted["account_id"])
        elapsed = time.monotonic() - started
        assert body["invoices"]["status"] == "unavailable", body["invoices"]
        assert "items" not in body["invoices"]
        assert body["account"]["id"] == converted["account_id"]
        for part in ("contacts", "opportunities", "quotes", "orders"):
            assert body[part]["status"] == "ok", (part, body[part])
        assert [o["id"] for o in body["opportunities"]["items"]] == [converted["opportunity_id"]]
        assert elapsed < 6.0, elapsed
    finally:
        overview_suite.start_process("billing-grpc")
        # Other modules share this suite: billing's gRPC answers again before we leave.
        with grpc.insecure_channel(overview_suite.grpc_target("billing")) as channel:
            grpc.channel_ready_future(channel).result(timeout=30)


def test_quotes_are_found_by_the_customers_name_also_after_contacts_renames_it(
    gw: str, admin: dict[str, str], converted: dict[str, Any]
) -> None:
    def search(term: str) -> list[str]:
        resp = requests.get(f"{gw}{SALES}/quotes", params={"q": term}, headers=admin, timeout=10)
        assert resp.status_code == 200, resp.text
        return [q["id"] for q in resp.json()["items"]]

    assert search(converted["company"]) == [converted["quote"]["id"]]
    new_name = f"Renamed {uuid.uuid4().hex[:6]}"
    resp = requests.patch(
        f"{gw}{CONTACTS}/accounts/{converted['account_id']}",
        json={"name": new_name},
        headers=admin,
        timeout=10,
    )
    assert resp.status_code == 200, resp.text
    # contacts.account.updated.v1 reaches sales' worker, which renames the quote's customer.
    assert _eventually(lambda: search(new_name)) == [converted["quote"]["id"]]
    assert search(converted["company"]) == []
