"""Sales through the gateway with real RabbitMQ: capture -> qualify -> convert -> quote ->
approve -> sales.quote.approved.v1 on the bus with the right totals.

Runs on the session suite (identity, contacts, sales, billing).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import grpc
import pika
import pytest
import requests

from crm.sales.v1 import events_pb2 as ev
from crm.sales.v1 import sales_pb2, sales_pb2_grpc
from crm_chassis.events.envelope import Envelope
from crm_chassis.testing.bus import BusTap
from crm_suite_testing.suite import Suite

ROOT = Path(__file__).resolve().parents[2]
SALES = "/api/sales/v1"


@pytest.fixture(scope="module")
def sales_suite(suite: Suite) -> Suite:
    return suite


def _post(gw: str, path: str, headers: dict, body: Any = None, **kw: Any) -> requests.Response:
    return requests.post(
        f"{gw}{path}", json=body if body is not None else {}, headers=headers, timeout=15, **kw
    )


def test_capture_qualify_convert_quote_approve_puts_the_totals_on_the_bus(
    sales_suite: Suite, gw: str, admin: dict
) -> None:
    tap = BusTap(sales_suite.amqp_url, ["sales.quote.approved.v1", "sales.lead.converted.v1"])
    try:
        account, lead_id = _capture_and_qualify_a_lead_of_an_existing_account(gw, admin)
        ids = _convert_reusing_the_account(gw, admin, tap, lead_id, account)
        q = _quote_a_discounted_line_with_tax(gw, admin, ids)
        approved = _post(gw, f"{SALES}/quotes/{q['id']}/approve", admin)
        assert approved.status_code == 200, approved.text

        event = tap.next()
        assert event.type == "sales.quote.approved.v1" and event.subject == q["id"]
        body = event.parse(ev.QuoteApproved)
        assert (body.number, body.currency, body.grand_total) == (q["number"], "EUR", "112.09")
        assert [
            (ln.quantity, ln.unit_price, ln.discount_amount, ln.total) for ln in body.lines
        ] == [("3", "33.33", "10.00", "107.09")]
        assert body.account_id == ids["account_id"]
        assert body.billing_address.city == "Leeds"

        _an_erp_reads_the_approved_quote_over_grpc(gw, admin, q)
    finally:
        tap.close()


def _capture_and_qualify_a_lead_of_an_existing_account(
    gw: str, admin: dict
) -> tuple[requests.Response, str]:
    """Create the account, then capture and qualify a lead of the same company; (account, id)."""
    account = _post(
        gw,
        "/api/contacts/v1/accounts",
        admin,
        {
            "name": "Flow Industries",
            "website": "flow.example",
            "billing_address": {"street": "1 Flow St", "city": "Leeds", "country": "GB"},
        },
    )
    assert account.status_code == 201, account.text
    lead = _post(
        gw,
        f"{SALES}/leads",
        admin,
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "company": "Flow Industries",
            "email": "ada@flow.example",
            "lead_source": "Web Site",
        },
    )
    assert lead.status_code == 201, lead.text
    lead_id = lead.json()["id"]
    qualified = _post(
        gw,
        f"{SALES}/leads/{lead_id}/qualify",
        admin,
        {"interest_level": "High", "budget": "1000"},
    )
    assert qualified.status_code == 200, qualified.text
    return account, lead_id


def _convert_reusing_the_account(
    gw: str, admin: dict, tap: BusTap, lead_id: str, account: requests.Response
) -> dict[str, Any]:
    """Convert once (a second time is a conflict); return the conversion's ids."""
    # contacts is asked over gRPC: the account with the lead's company name is reused.
    converted = _post(
        gw,
        f"{SALES}/leads/{lead_id}/convert",
        admin,
        {"opportunity": {"amount": "120.00", "currency": "EUR"}},
    )
    assert converted.status_code == 201, converted.text
    ids = converted.json()
    assert ids["account_id"] == account.json()["id"] and ids["existing_account"] is True
    again = _post(gw, f"{SALES}/leads/{lead_id}/convert", admin)
    assert again.status_code == 409
    assert again.headers["Content-Type"].startswith("application/problem+json")
    # Other tests' conversions may still be on their way: take this lead's event.
    event = tap.next()
    while event.type == "sales.lead.converted.v1" and event.subject != lead_id:
        event = tap.next()
    assert event.type == "sales.lead.converted.v1"
    msg = event.parse(ev.LeadConverted)
    assert (msg.opportunity_id, msg.contact_id) == (ids["opportunity_id"], ids["contact_id"])
    assert msg.existing_account_id == ids["account_id"]
    return ids


def _quote_a_discounted_line_with_tax(gw: str, admin: dict, ids: dict[str, Any]) -> dict[str, Any]:
    """A product, a refused quote (negative quantity), then the quote; return the quote."""
    product = _post(
        gw,
        f"{SALES}/products",
        admin,
        {
            "code": f"E2E-{uuid.uuid4().hex[:6]}",
            "name": "Flow meter",
            "unit_price": "33.33",
            "currency": "EUR",
            "tax_percent": "19",
        },
    )
    assert product.status_code == 201, product.text
    bad = _post(
        gw,
        f"{SALES}/quotes",
        admin,
        {
            "account_id": ids["account_id"],
            "lines": [{"product_id": product.json()["id"], "quantity": -2}],
        },
    )
    assert bad.status_code == 422, bad.text
    quote = _post(
        gw,
        f"{SALES}/quotes",
        admin,
        {
            "account_id": ids["account_id"],
            "opportunity_id": ids["opportunity_id"],
            "contact_id": ids["contact_id"],
            "shipping": "5.00",
            "lines": [
                {"product_id": product.json()["id"], "quantity": 3, "discount_percent": "10"}
            ],
        },
    )
    assert quote.status_code == 201, quote.text
    q = quote.json()
    # 3 x 33.33 = 99.99; -10% = 10.00 (9.999 half-up); net 89.99; tax 19% = 17.10
    assert (q["subtotal"], q["discount_total"], q["tax_total"], q["grand_total"]) == (
        "99.99",
        "10.00",
        "17.10",
        "112.09",
    )
    assert q["billing_address"]["city"] == "Leeds"  # copied from contacts over gRPC
    return q


def _an_erp_reads_the_approved_quote_over_grpc(gw: str, admin: dict, q: dict[str, Any]) -> None:
    """An ERP reads the same quote over gRPC through the gateway."""
    with grpc.insecure_channel(gw.removeprefix("http://")) as channel:
        stub = sales_pb2_grpc.SalesServiceStub(channel)
        token = admin["Authorization"].removeprefix("Bearer ")
        reply = stub.BatchGetQuotes(
            sales_pb2.BatchGetQuotesRequest(ids=[q["id"]]),
            metadata=[("authorization", f"Bearer {token}")],
            timeout=10,
        )
    assert [(x.number, x.grand_total, x.approval_status) for x in reply.quotes] == [
        (q["number"], "112.09", "Approved")
    ]


def test_a_conversion_creates_the_account_and_contact_in_contacts_with_its_ids(
    gw: str, admin: dict
) -> None:
    company = f"Brand New {uuid.uuid4().hex[:6]}"
    lead = _post(
        gw,
        f"{SALES}/leads",
        admin,
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "company": company,
            "email": f"grace@{company.split()[-1]}.example",
            "address": {"city": "Arlington"},
        },
    )
    assert lead.status_code == 201, lead.text
    converted = _post(gw, f"{SALES}/leads/{lead.json()['id']}/convert", admin)
    assert converted.status_code == 201, converted.text
    ids = converted.json()
    assert ids["existing_account"] is False
    started = time.monotonic()
    deadline = started + 20
    account = contact = None
    while time.monotonic() < deadline and not (account and contact):
        a = requests.get(
            f"{gw}/api/contacts/v1/accounts/{ids['account_id']}", headers=admin, timeout=10
        )
        c = requests.get(
            f"{gw}/api/contacts/v1/contacts/{ids['contact_id']}", headers=admin, timeout=10
        )
        account = a.json() if a.status_code == 200 else None
        contact = c.json() if c.status_code == 200 else None
        time.sleep(0.2)
    assert account is not None and contact is not None, "not in contacts within 20 s"
    # The issue asks for "within a second"; a loaded shared machine gets some slack.
    elapsed = time.monotonic() - started
    print(f"account and contact visible in contacts after {elapsed:.2f} s")
    assert elapsed < 5, elapsed
    assert account["name"] == company
    assert contact["last_name"] == "Hopper" and contact["account_id"] == ids["account_id"]


def test_two_simultaneous_conversions_through_the_gateway_yield_one_and_one_409(
    gw: str, admin: dict
) -> None:
    lead = _post(
        gw,
        f"{SALES}/leads",
        admin,
        {"last_name": "Race", "company": f"Race {uuid.uuid4().hex[:6]}"},
    )
    assert lead.status_code == 201, lead.text
    statuses: list[int] = []
    barrier = threading.Barrier(2)

    def convert() -> None:
        barrier.wait()
        statuses.append(
            _post(
                gw,
                f"{SALES}/leads/{lead.json()['id']}/convert",
                admin,
                {"create_new_account": True},
            ).status_code
        )

    threads = [threading.Thread(target=convert) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 409]


def test_a_captured_web_form_event_becomes_a_lead(sales_suite: Suite, gw: str, admin: dict) -> None:
    from crm.marketing.v1 import events_pb2 as marketing

    submission = uuid.uuid4().hex
    envelope = Envelope.build(
        type="marketing.lead.captured.v1",
        source="marketing",
        subject=submission,
        data=marketing.LeadCaptured(
            submission_id=submission,
            last_name="Formfill",
            company="Web Co",
            email=f"{submission[:8]}@web.example",
        ),
    )
    connection = pika.BlockingConnection(pika.URLParameters(sales_suite.amqp_url))
    try:
        channel = connection.channel()
        for _ in range(2):  # delivered twice: still one lead
            channel.basic_publish(
                "crm.events",
                envelope.type,
                envelope.to_json().encode(),
                pika.BasicProperties(message_id=envelope.id, content_type="application/json"),
            )
    finally:
        connection.close()
    deadline = time.monotonic() + 20
    found: list[Any] = []
    while time.monotonic() < deadline and not found:
        resp = requests.get(
            f"{gw}{SALES}/leads", params={"q": "formfill"}, headers=admin, timeout=10
        )
        found = resp.json()["items"]
        time.sleep(0.2)
    assert len(found) == 1 and found[0]["origin"] == "web_form"
    time.sleep(1)
    resp = requests.get(f"{gw}{SALES}/leads", params={"q": "formfill"}, headers=admin, timeout=10)
    assert len(resp.json()["items"]) == 1, json.dumps(resp.json())


def test_a_territory_rule_assigns_a_captured_lead_and_every_assignment_is_an_event(
    sales_suite: Suite, gw: str, admin: dict
) -> None:
    tag = uuid.uuid4().hex[:6]
    rep_id, prefix, rule = _a_rep_and_a_rule_giving_them_a_postcode_area(gw, admin, tag)
    tap = BusTap(sales_suite.amqp_url, ["sales.lead.assigned.v1"])
    try:
        lead = _post(
            gw,
            f"{SALES}/leads",
            admin,
            {
                "last_name": "Sigurdsson",
                "company": f"Reykjavik Fish {tag}",
                "address": {"country": "IS", "postal_code": f"{prefix}1"},
                "auto_assign": True,
            },
        )
        assert lead.status_code == 201, lead.text
        assert lead.json()["owner_id"] == rep_id
        by_rule = tap.next().parse(ev.LeadAssigned)
        assert (by_rule.lead_id, by_rule.owner_id, by_rule.reason) == (
            lead.json()["id"],
            rep_id,
            "rule",
        )
        me = requests.get(f"{gw}/api/identity/v1/me", headers=admin, timeout=10).json()
        moved = _post(
            gw, f"{SALES}/leads/{lead.json()['id']}/assign", admin, {"owner_id": me["id"]}
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["owner_id"] == me["id"]
        manual = tap.next().parse(ev.LeadAssigned)
        assert (manual.owner_id, manual.previous_owner_id, manual.reason) == (
            me["id"],
            rep_id,
            "manual",
        )
    finally:
        tap.close()
        requests.delete(
            f"{gw}{SALES}/assignment-rules/{rule.json()['id']}", headers=admin, timeout=10
        )


def _a_rep_and_a_rule_giving_them_a_postcode_area(
    gw: str, admin: dict, tag: str
) -> tuple[str, str, requests.Response]:
    """A new sales rep and an owner rule for an Icelandic postcode area; (rep id, area, rule)."""
    rep = _post(
        gw,
        "/api/identity/v1/users",
        admin,
        {
            "email": f"territory-{tag}@e2e.test",
            "display_name": f"Territory rep {tag}",
            "password": "Corr3ct-horse-battery",
        },
    )
    assert rep.status_code == 201, rep.text
    rep_id = rep.json()["id"]
    prefix = str(uuid.uuid4().int)[:6]  # a postcode area no other test uses
    body = {
        "name": f"Iceland {tag}",
        "priority": 1,
        "target": "owner",
        "owner_id": rep_id,
        "criteria": {"country": "IS", "postal_code_prefix": prefix},
    }
    # A rule's owner must be an active internal user of sales' policy copy, which learns of
    # the new rep from identity's event (issue 12 case 8): until then the rule is a 422.
    deadline = time.monotonic() + 20
    rule = _post(gw, f"{SALES}/assignment-rules", admin, body)
    while rule.status_code == 422 and time.monotonic() < deadline:
        time.sleep(0.2)
        rule = _post(gw, f"{SALES}/assignment-rules", admin, body)
    assert rule.status_code == 201, rule.text
    return rep_id, prefix, rule
