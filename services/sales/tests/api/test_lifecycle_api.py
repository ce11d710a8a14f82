"""Status changes through the REST API follow the declared machines (issue cases 1, 8, 12)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from crm.billing.v1 import events_pb2 as billing_ev
from crm.sales.v1 import events_pb2 as ev
from crm_chassis.events.envelope import Envelope
from crm_sales.adapters.tables import event_tables
from crm_sales.events.incoming import INVOICE_ISSUED, INVOICE_PAID, PAYMENT_RECEIVED, handlers

API = "/api/sales/v1"


@pytest.fixture
def account(directory: Any) -> str:
    return str(directory.add("Acme Ltd"))


def _events(service: Any, type_: str) -> list[Envelope]:
    with service.db.reading() as session:
        rows = session.execute(
            sa.select(event_tables.outbox.c.body).where(event_tables.outbox.c.type == type_)
        ).all()
    return [Envelope.from_json(r.body) for r in rows]


def _quote(client: Any, headers: dict, account: str, product_id: str, qty: int = 2) -> dict:
    body = {"account_id": account, "lines": [{"product_id": product_id, "quantity": qty}]}
    resp = client.post(f"{API}/quotes", headers=headers, json=body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def _order(client: Any, admin: dict, account: str, product: Any) -> dict:
    q = _quote(client, admin, account, product()["id"])
    assert client.post(f"{API}/quotes/{q['id']}/approve", headers=admin).status_code == 200
    resp = client.post(f"{API}/sales-orders", headers=admin, json={"quote_id": q["id"]})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def _status(client: Any, admin: dict, order: dict, status: str) -> Any:
    return client.patch(f"{API}/sales-orders/{order['id']}", headers=admin, json={"status": status})


def test_a_sales_order_only_moves_forward(
    client: Any, admin: dict, account: str, product: Any
) -> None:
    order = _order(client, admin, account, product)
    assert _status(client, admin, order, "Approved").status_code == 200
    assert _status(client, admin, order, "Delivered").status_code == 200
    back = _status(client, admin, order, "Created")
    assert back.status_code == 409
    problem = back.get_json()
    assert (problem["current_status"], problem["allowed_next"]) == ("Delivered", [])
    assert _status(client, admin, order, "Cancelled").status_code == 409
    assert _status(client, admin, order, "Shipped").status_code == 422
    got = client.get(f"{API}/sales-orders/{order['id']}", headers=admin).get_json()
    assert got["status"] == "Delivered"


def _deliver(service: Any, kind: str, payload: Any, subject: str) -> None:
    envelope = Envelope.build(type=kind, source="billing", subject=subject, data=payload)
    with service.db.transaction() as session:
        for handle in handlers(service)[kind]:
            handle(session, Envelope.from_json(envelope.to_json()))


def test_an_order_whose_invoice_has_money_on_it_cannot_be_cancelled(
    client: Any, admin: dict, account: str, product: Any, service: Any
) -> None:
    order = _order(client, admin, account, product)
    invoice_id = str(uuid.uuid4())
    # The payment may arrive before the invoice's issue: each is kept, in either order.
    payment = billing_ev.PaymentReceived(
        payment_id=str(uuid.uuid4()),
        allocations=[billing_ev.ReceivedAllocation(invoice_id=invoice_id, amount="5.00")],
    )
    _deliver(service, PAYMENT_RECEIVED, payment, str(uuid.uuid4()))
    issued = billing_ev.InvoiceIssued(invoice_id=invoice_id, quote_id=order["quote_id"])
    _deliver(service, INVOICE_ISSUED, issued, invoice_id)
    got = client.get(f"{API}/sales-orders/{order['id']}", headers=admin).get_json()
    assert got["invoice_paid"] is True and got["version"] == order["version"] + 1
    refused = _status(client, admin, order, "Cancelled")
    assert refused.status_code == 409, refused.get_json()
    assert refused.get_json()["current_status"] == "Created"
    assert "Cancelled" not in refused.get_json()["allowed_next"]
    assert _status(client, admin, order, "Approved").status_code == 200


def test_an_unpaid_order_can_be_cancelled_and_stays_cancelled(
    client: Any, admin: dict, account: str, product: Any
) -> None:
    order = _order(client, admin, account, product)
    assert _status(client, admin, order, "Cancelled").status_code == 200
    assert _status(client, admin, order, "Created").status_code == 409


def test_a_revision_supersedes_every_earlier_version(
    client: Any, admin: dict, account: str, product: Any, service: Any
) -> None:
    p = product()
    first = _quote(client, admin, account, p["id"])
    client.post(f"{API}/quotes/{first['id']}/approve", headers=admin)
    second = client.post(f"{API}/quotes/{first['id']}/revise", headers=admin).get_json()
    third = client.post(f"{API}/quotes/{second['id']}/revise", headers=admin).get_json()
    lines = {"lines": [{"product_id": p["id"], "quantity": 3}]}
    assert client.patch(f"{API}/quotes/{third['id']}", headers=admin, json=lines).status_code == 200
    assert client.post(f"{API}/quotes/{third['id']}/approve", headers=admin).status_code == 200
    last = _events(service, "sales.quote.approved.v1")[-1].parse(ev.QuoteApproved)
    assert list(last.superseded_quote_ids) == [first["id"], second["id"]]
    # The superseded versions cannot be approved, nor ordered from.
    again = client.post(f"{API}/quotes/{second['id']}/approve", headers=admin)
    assert again.status_code == 409 and again.get_json()["current_status"] == "Superseded"
    old = client.post(f"{API}/sales-orders", headers=admin, json={"quote_id": first["id"]})
    assert old.status_code == 409 and old.get_json()["current_status"] == "Superseded"
    new = client.post(f"{API}/sales-orders", headers=admin, json={"quote_id": third["id"]})
    assert new.status_code == 201
    got = client.get(f"{API}/quotes/{first['id']}", headers=admin).get_json()
    assert (got["status"], got["approval_status"], got["superseded"]) == (
        "Superseded",
        "Approved",
        True,
    )


def _opportunity(client: Any, admin: dict, **fields: Any) -> dict:
    resp = client.post(f"{API}/opportunities", headers=admin, json={"name": "Deal", **fields})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def test_a_closed_deal_is_final_until_reopened_with_a_reason(client: Any, admin: dict) -> None:
    opp = _opportunity(client, admin)
    url = f"{API}/opportunities/{opp['id']}"
    won = client.patch(url, headers=admin, json={"sales_stage": "Closed Won"}).get_json()
    assert won["probability"] == 100
    back = client.patch(url, headers=admin, json={"sales_stage": "Prospecting"})
    assert back.status_code == 409 and back.get_json()["allowed_next"] == []
    assert client.patch(url, headers=admin, json={"probability": 90}).status_code == 422
    no_reason = client.post(f"{url}/reopen", headers=admin, json={"sales_stage": "Prospecting"})
    assert no_reason.status_code == 422
    reopened = client.post(
        f"{url}/reopen",
        headers=admin,
        json={"sales_stage": "Negotiation/Review", "reason": "Customer withdrew the PO"},
    )
    assert reopened.status_code == 200, reopened.get_json()
    body = reopened.get_json()
    assert (body["sales_stage"], body["probability"], body["closed_at"]) == (
        "Negotiation/Review",
        80,
        None,
    )
    history = client.get(f"{url}/stage-history", headers=admin).get_json()["items"]
    assert history[-1]["reason"] == "Customer withdrew the PO"
    open_reopen = client.post(
        f"{url}/reopen", headers=admin, json={"sales_stage": "Prospecting", "reason": "x"}
    )
    assert open_reopen.status_code == 409


def test_a_lost_deal_has_probability_zero(client: Any, admin: dict) -> None:
    refused = client.post(
        f"{API}/opportunities",
        headers=admin,
        json={"name": "D", "sales_stage": "Closed Lost", "probability": 90},
    )
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["field"] == "probability"
    opp = _opportunity(client, admin, probability=90)
    lost = client.patch(
        f"{API}/opportunities/{opp['id']}", headers=admin, json={"sales_stage": "Closed Lost"}
    )
    assert lost.get_json()["probability"] == 0


def test_a_prospect_never_goes_back_to_a_pre_qualification_status(
    client: Any, admin: dict, lead: Any
) -> None:
    created = lead()
    url = f"{API}/leads/{created['id']}"
    assert client.post(f"{url}/qualify", headers=admin, json={}).status_code == 200
    back = client.patch(url, headers=admin, json={"lead_status": "Not Contacted"})
    assert back.status_code == 409
    assert set(back.get_json()["allowed_next"]) == {"Hot", "Warm", "Cold", "Lost Lead", "Junk Lead"}
    hot = client.patch(url, headers=admin, json={"lead_status": "Hot"}).get_json()
    assert (hot["lead_status"], hot["is_prospect"]) == ("Hot", True)
    lost = client.patch(url, headers=admin, json={"lead_status": "Lost Lead"}).get_json()
    assert lost["lead_status"] == "Lost Lead"
    assert client.patch(url, headers=admin, json={"lead_status": "Hot"}).status_code == 409
    reopened = client.post(
        f"{url}/reopen", headers=admin, json={"lead_status": "Warm", "reason": "They called"}
    )
    assert reopened.status_code == 200 and reopened.get_json()["lead_status"] == "Warm"
    history = client.get(f"{url}/history", headers=admin).get_json()["items"]
    assert history[-1]["reason"] == "They called"


def test_a_lead_set_to_qualified_becomes_a_prospect(client: Any, admin: dict, lead: Any) -> None:
    created = lead(lead_status="Contacted")
    url = f"{API}/leads/{created['id']}"
    assert (
        client.patch(url, headers=admin, json={"lead_status": "Not Contacted"}).status_code == 409
    )
    body = client.patch(url, headers=admin, json={"lead_status": "Qualified"}).get_json()
    assert (body["lead_status"], body["is_prospect"]) == ("Qualified", True)


def test_approval_limits_are_for_administrators_and_checked(
    client: Any, admin: dict, user: Any
) -> None:
    assert client.get(f"{API}/approval-limits", headers=admin).get_json()["default"] == {
        "role_id": None,
        "max_grand_total": "100000",
        "currency": "EUR",
        "max_discount_percent": None,
    }
    bad = client.put(
        f"{API}/approval-limits",
        headers=admin,
        json={
            "roles": [{"role_id": "rep", "max_grand_total": "-1", "max_discount_percent": "120"}]
        },
    )
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.get_json()["errors"]}
    assert fields == {"roles.0.max_grand_total", "roles.0.max_discount_percent"}
    no_currency = client.put(
        f"{API}/approval-limits",
        headers=admin,
        json={"roles": [{"role_id": "rep", "max_grand_total": "10"}]},
    )
    assert no_currency.get_json()["errors"][0]["field"] == "roles.0.currency"
    rep = user(uuid.uuid4())
    assert client.put(f"{API}/approval-limits", headers=rep, json={"roles": []}).status_code == 403
    # Without a default, roles not named keep the configured one.
    only = {"roles": [{"role_id": "rep", "max_discount_percent": "5"}]}
    saved = client.put(f"{API}/approval-limits", headers=admin, json=only).get_json()
    assert saved["default"]["max_grand_total"] == "100000"
    assert saved["roles"][0]["max_grand_total"] is None


def test_nobody_approves_his_own_quote_above_his_limit(
    client: Any, admin: dict, account: str, product: Any, user: Any, policy: Any, service: Any
) -> None:
    limits = {
        "roles": [
            {"role_id": "rep", "max_grand_total": "50", "currency": "EUR"},
            {"role_id": "manager", "max_grand_total": "100", "currency": "EUR"},
        ]
    }
    assert client.put(f"{API}/approval-limits", headers=admin, json=limits).status_code == 200
    rep, boss = uuid.uuid4(), uuid.uuid4()
    policy({rep: "rep", boss: "manager"})
    p = product(tax_percent="0")
    small = _quote(client, user(rep), account, p["id"], qty=2)  # 20.00
    assert (
        client.post(f"{API}/quotes/{small['id']}/approve", headers=user(rep)).get_json()[
            "approval_status"
        ]
        == "Approved"
    )
    big = _quote(client, user(rep), account, p["id"], qty=20)  # 200.00: above both
    asked = client.post(f"{API}/quotes/{big['id']}/approve", headers=user(rep)).get_json()
    assert (asked["approval_status"], asked["awaiting_approval_by"]) == ("Pending Approval", [])
    assert client.post(f"{API}/quotes/{big['id']}/approve", headers=user(boss)).status_code == 403
    # A change sends it back to Draft; an administrator (unlimited) approves.
    lines = {"lines": [{"product_id": p["id"], "quantity": 19}]}
    changed = client.patch(f"{API}/quotes/{big['id']}", headers=user(rep), json=lines)
    assert changed.get_json()["approval_status"] == "Draft"
    approved = client.post(f"{API}/quotes/{big['id']}/approve", headers=admin).get_json()
    assert approved["approval_status"] == "Approved"
    steps = [(s["step"], s["by"]) for s in approved["approval_path"]]
    assert [step for step, _ in steps] == ["requested", "withdrawn", "approved"]
    assert steps[1][1] == str(rep)
    assert len(_events(service, "sales.quote.approved.v1")) == 2


def test_a_quote_line_discount_larger_than_the_line_is_422(
    client: Any, admin: dict, account: str, product: Any
) -> None:
    line = {"product_id": product()["id"], "quantity": 1, "discount_amount": "12"}
    resp = client.post(
        f"{API}/quotes", headers=admin, json={"account_id": account, "lines": [line]}
    )
    assert resp.status_code == 422
    assert [e["field"] for e in resp.get_json()["errors"]] == ["lines[0].discount_amount"]
    assert client.get(f"{API}/quotes", headers=admin).get_json()["items"] == []


def test_an_order_made_after_its_invoice_was_paid_knows_it(
    client: Any, admin: dict, account: str, product: Any, service: Any
) -> None:
    q = _quote(client, admin, account, product()["id"])
    client.post(f"{API}/quotes/{q['id']}/approve", headers=admin)
    invoice_id = str(uuid.uuid4())
    issued = billing_ev.InvoiceIssued(invoice_id=invoice_id, quote_id=q["id"])
    _deliver(service, INVOICE_ISSUED, issued, invoice_id)
    _deliver(service, INVOICE_PAID, billing_ev.InvoicePaid(invoice_id=invoice_id), invoice_id)
    order = client.post(f"{API}/sales-orders", headers=admin, json={"quote_id": q["id"]})
    assert order.get_json()["invoice_paid"] is True
    assert _status(client, admin, order.get_json(), "Cancelled").status_code == 409


def test_a_user_the_policy_does_not_know_yet_has_his_tokens_role_limit(
    client: Any, admin: dict, account: str, product: Any, tokens: Any, policy: Any
) -> None:
    limits = {"roles": [{"role_id": "rep", "max_grand_total": "5", "currency": "EUR"}]}
    assert client.put(f"{API}/approval-limits", headers=admin, json=limits).status_code == 200
    policy({uuid.uuid4(): "manager"})  # the hierarchy is known, the new rep not yet
    perms = [f"quotes.{a}" for a in ("view", "create", "edit")] + ["products.view"]
    new_rep = {
        "Authorization": f"Bearer {tokens.issue(str(uuid.uuid4()), perms=perms, role_id='rep')}"
    }
    q = _quote(client, new_rep, account, product()["id"])
    asked = client.post(f"{API}/quotes/{q['id']}/approve", headers=new_rep).get_json()
    # The manager's role (above rep's) has the default limit, which covers it.
    assert (asked["approval_status"], asked["awaiting_approval_by"]) == (
        "Pending Approval",
        ["manager"],
    )
    assert asked["approval_path"][0]["role_id"] == "rep"


def test_a_quote_stage_moves_forward_and_a_rejected_quote_is_revised_not_approved(
    client: Any, admin: dict, account: str, product: Any
) -> None:
    q = _quote(client, admin, account, product()["id"])
    path = f"{API}/quotes/{q['id']}"
    assert client.patch(path, headers=admin, json={"stage": "Delivered"}).status_code == 200
    assert client.patch(path, headers=admin, json={"stage": "Rejected"}).status_code == 200
    back = client.patch(path, headers=admin, json={"stage": "Created"})
    assert back.status_code == 409, back.get_json()
    assert back.get_json()["current_status"] == "Rejected"
    assert back.get_json()["allowed_next"] == []
    assert client.post(f"{path}/approve", headers=admin).status_code == 409
    revised = client.post(f"{path}/revise", headers=admin)
    assert revised.status_code == 201, revised.get_json()
    assert revised.get_json()["stage"] == "Created"
