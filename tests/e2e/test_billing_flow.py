"""Billing end to end, through the gateway and a real RabbitMQ: a quote approved in sales
becomes one invoice in billing with the quote's totals (also when the event comes again),
then it is issued, paid in part, over-paid into credit, aged, printed, synced over gRPC,
and the overdue check emits its event once.

Runs on the session suite (identity, contacts, sales, billing).
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
import requests

from crm.billing.v1 import billing_pb2, billing_pb2_grpc
from crm_chassis.events.envelope import Envelope
from crm_chassis.events.publisher import ConfirmingPublisher, Outgoing
from crm_chassis.testing.bus import BusTap
from crm_suite_testing.suite import Suite

ROOT = Path(__file__).resolve().parents[2]
BILLING = "/api/billing/v1"
SALES = "/api/sales/v1"


@pytest.fixture(scope="module")
def billing_suite(suite: Suite) -> Suite:
    return suite


@pytest.fixture(scope="module")
def token(admin_token: str) -> str:
    return admin_token


def eventually(check: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.2)
    raise AssertionError(f"condition not met within {timeout}s; last value: {last!r}")


def _post(gw: str, path: str, headers: dict, body: Any = None) -> requests.Response:
    return requests.post(
        f"{gw}{path}", json=body if body is not None else {}, headers=headers, timeout=15
    )


def _invoices_of_quote(gw: str, admin: dict, quote_id: str) -> list[dict]:
    resp = requests.get(
        f"{gw}{BILLING}/invoices", params={"quote_id": quote_id}, headers=admin, timeout=10
    )
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


@pytest.fixture(scope="module")
def approved(billing_suite: Suite, gw: str, admin: dict) -> dict[str, Any]:
    """A quote created and approved in sales, and the approval event seen on the bus."""
    tap = BusTap(billing_suite.amqp_url, ["sales.quote.approved.v1"])
    try:
        account = _post(
            gw,
            "/api/contacts/v1/accounts",
            admin,
            {
                "name": f"Billing Flow {uuid.uuid4().hex[:6]}",
                "billing_address": {"street": "1 Flow St", "city": "Leeds", "country": "GB"},
            },
        )
        assert account.status_code == 201, account.text
        product = _post(
            gw,
            f"{SALES}/products",
            admin,
            {
                "code": f"BIL-{uuid.uuid4().hex[:6]}",
                "name": "Flow meter",
                "unit_price": "33.33",
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
                "account_id": account.json()["id"],
                "shipping": "5.00",
                "lines": [
                    {"product_id": product.json()["id"], "quantity": 3, "discount_percent": "10"}
                ],
            },
        )
        assert quote.status_code == 201, quote.text
        q = quote.json()
        resp = _post(gw, f"{SALES}/quotes/{q['id']}/approve", admin)
        assert resp.status_code == 200, resp.text
        event = tap.next()
        assert event.type == "sales.quote.approved.v1" and event.subject == q["id"]
        return {"quote": q, "event": event, "account_id": account.json()["id"]}
    finally:
        tap.close()


def test_an_approved_quote_becomes_one_invoice_with_the_quotes_totals(
    billing_suite: Suite, gw: str, admin: dict, approved: dict
) -> None:
    q = approved["quote"]
    [invoice] = eventually(lambda: _invoices_of_quote(gw, admin, q["id"]))
    assert (
        invoice["subtotal"],
        invoice["discount"],
        invoice["tax"],
        invoice["shipping"],
        invoice["total"],
    ) == (q["subtotal"], q["discount_total"], q["tax_total"], q["shipping"], q["grand_total"])
    assert invoice["account_id"] == approved["account_id"]
    assert invoice["status"] == "Created" and invoice["number"].startswith("INV-")
    # The same event again (a redelivery) and a republished copy (a new event id): still one.
    event: Envelope = approved["event"]
    copy = Envelope.build(
        type=event.type, source=event.source, subject=event.subject, data=event.data
    )
    publisher = ConfirmingPublisher(billing_suite.amqp_url, connection_name="billing-e2e")
    publisher.open()
    try:
        assert all(
            publisher.publish(
                [Outgoing("crm.events", e.type, e.body(), e.properties()) for e in (event, copy)]
            )
        )
    finally:
        publisher.close()
    time.sleep(3)
    assert [i["id"] for i in _invoices_of_quote(gw, admin, q["id"])] == [invoice["id"]]


def test_issue_pay_in_part_overpay_into_credit_age_and_print(
    gw: str, admin: dict, approved: dict
) -> None:
    [invoice] = eventually(lambda: _invoices_of_quote(gw, admin, approved["quote"]["id"]))
    url = f"{gw}{BILLING}/invoices/{invoice['id']}"
    issued = _post(gw, f"{BILLING}/invoices/{invoice['id']}/approve", admin)
    assert issued.status_code == 200, issued.text
    edit = requests.patch(url, json={"subject": "changed"}, headers=admin, timeout=10)
    assert edit.status_code == 409
    assert edit.headers["Content-Type"].startswith("application/problem+json")
    total = issued.json()["total"]  # "112.09"
    account = approved["account_id"]
    bad = _post(
        gw,
        f"{BILLING}/payments",
        admin,
        {"account_id": account, "amount": "10.001", "currency": "EUR"},
    )
    assert bad.status_code == 422
    assert bad.headers["Content-Type"].startswith("application/problem+json")
    assert requests.get(url, headers=admin, timeout=10).json()["balance"] == total
    part = _post(
        gw,
        f"{BILLING}/payments",
        admin,
        {
            "account_id": account,
            "amount": "50.00",
            "currency": "EUR",
            "client_reference": "e2e-part-1",
        },
    )
    assert part.status_code == 201, part.text
    after = requests.get(url, headers=admin, timeout=10).json()
    assert (after["status"], after["balance"]) == ("Partially Paid", "62.09")
    rest = _post(
        gw,
        f"{BILLING}/payments",
        admin,
        {"account_id": account, "amount": "100.00", "currency": "EUR"},
    )
    assert rest.status_code == 201, rest.text
    assert rest.json()["unallocated"] == "37.91"
    after = requests.get(url, headers=admin, timeout=10).json()
    assert (after["status"], after["balance"]) == ("Paid", "0.00")
    credit = requests.get(
        f"{gw}{BILLING}/reports/account-credit",
        params={"account_id": account},
        headers=admin,
        timeout=10,
    ).json()
    assert credit["credit"] == [{"currency": "EUR", "amount": "37.91"}]
    ageing = requests.get(f"{gw}{BILLING}/reports/ageing", headers=admin, timeout=10)
    assert ageing.status_code == 200 and "totals" in ageing.json()
    pdf = requests.get(f"{url}/pdf", headers=admin, timeout=20)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_finance_client_syncs_over_grpc_through_the_gateway(
    gw: str, token: str, admin: dict, approved: dict
) -> None:
    md = [("authorization", f"Bearer {token}")]
    with grpc.insecure_channel(gw.removeprefix("http://")) as channel:
        stub = billing_pb2_grpc.BillingServiceStub(channel)
        listed = stub.ListInvoices(
            billing_pb2.ListInvoicesRequest(account_id=approved["account_id"]),
            metadata=md,
            timeout=10,
        )
        assert [i.quote_id for i in listed.invoices] == [approved["quote"]["id"]]
        request = billing_pb2.RecordPaymentRequest(
            client_reference=f"erp-{uuid.uuid4().hex[:8]}",
            account_id=approved["account_id"],
            amount="1.00",
            currency="EUR",
        )
        first = stub.RecordPayment(request, metadata=md, timeout=10)
        again = stub.RecordPayment(request, metadata=md, timeout=10)
        assert first.created and not again.created and first.payment.id == again.payment.id


def _of(events: list, invoice_id: str) -> list:
    return [e for e in events if e.data.get("invoice_id") == invoice_id]


def test_the_overdue_check_emits_its_event_once(billing_suite: Suite, gw: str, admin: dict) -> None:
    # A real account: billing checks account_id with contacts (case 9).
    made = _post(
        gw, "/api/contacts/v1/accounts", admin, {"name": f"Overdue {uuid.uuid4().hex[:6]}"}
    )
    assert made.status_code == 201, made.text
    account = made.json()["id"]
    created = _post(
        gw,
        f"{BILLING}/invoices",
        admin,
        {
            "account_id": account,
            "currency": "EUR",
            "lines": [{"description": "Consulting", "quantity": "2", "unit_price": "150.00"}],
        },
    )
    assert created.status_code == 201, created.text
    invoice = created.json()
    assert _post(gw, f"{BILLING}/invoices/{invoice['id']}/approve", admin).status_code == 200
    tap = BusTap(billing_suite.amqp_url, ["billing.invoice.overdue.v1"])
    later = (datetime.fromisoformat(invoice["due_date"]) + timedelta(days=3)).date()
    env = {**os.environ, **billing_suite.env}
    try:
        for _ in range(2):  # a second run on the same day reminds nobody again
            subprocess.run(
                ["crm-billing-overdue", "--today", later.isoformat()],
                env=env,
                check=True,
                capture_output=True,
                timeout=60,
                cwd=ROOT,
            )
        # Other tests' invoices in this suite may fall due by then too: count ours, once it
        # has come, and whatever else arrives in the next 3 s.
        seen: list = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not _of(seen, invoice["id"]):
            seen += tap.drain(0.5)
        seen += tap.drain(3.0)
        ours = _of(seen, invoice["id"])
        assert len(ours) == 1, [e.data for e in ours]
        event = ours[0]
        assert event.type == "billing.invoice.overdue.v1"
        assert event.data["level"] == 1
        assert event.data["balance"] == "300.00"
    finally:
        tap.close()
    after = requests.get(
        f"{gw}{BILLING}/invoices/{invoice['id']}", headers=admin, timeout=10
    ).json()
    assert after["status"] == "Overdue" and after["dunning_level"] == 1
    assert after["last_reminder_on"] == later.isoformat()


def test_a_merge_in_contacts_re_points_quotes_and_invoices(gw: str, admin: dict) -> None:
    """contacts.account.merged.v1 reaches sales and billing: their references follow."""
    tag = uuid.uuid4().hex[:6]
    survivor, merged = (
        _post(gw, "/api/contacts/v1/accounts", admin, {"name": f"{name} {tag}"}).json()
        for name in ("Survivor", "Merged Away")
    )
    product = _post(
        gw,
        f"{SALES}/products",
        admin,
        {"code": f"MRG-{tag}", "name": "Merge meter", "unit_price": "10.00", "currency": "EUR"},
    ).json()
    quote = _post(
        gw,
        f"{SALES}/quotes",
        admin,
        {"account_id": merged["id"], "lines": [{"product_id": product["id"], "quantity": 1}]},
    ).json()
    assert _post(gw, f"{SALES}/quotes/{quote['id']}/approve", admin).status_code == 200
    [invoice] = eventually(lambda: _invoices_of_quote(gw, admin, quote["id"]))
    assert invoice["account_id"] == merged["id"]

    resp = _post(
        gw,
        "/api/contacts/v1/merges",
        admin,
        {"entity": "accounts", "survivor_id": survivor["id"], "merged_ids": [merged["id"]]},
    )
    assert resp.status_code == 200, resp.text

    def pointing_at_survivor() -> bool:
        inv = requests.get(f"{gw}{BILLING}/invoices/{invoice['id']}", headers=admin, timeout=10)
        quo = requests.get(f"{gw}{SALES}/quotes/{quote['id']}", headers=admin, timeout=10)
        return (
            inv.json()["account_id"] == survivor["id"]
            and quo.json()["account_id"] == survivor["id"]
        )

    assert eventually(pointing_at_survivor)
    # The survivor's own filters now find them; the merged-away id finds nothing new.
    listed = requests.get(
        f"{gw}{BILLING}/invoices", params={"account_id": survivor["id"]}, headers=admin, timeout=10
    )
    assert invoice["id"] in {i["id"] for i in listed.json()["items"]}
