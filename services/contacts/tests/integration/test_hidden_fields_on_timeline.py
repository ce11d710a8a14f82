"""Issue 12 case 2: a hidden opportunity amount never shows on the account timeline, nor in
the 360 view's timeline part; a caller who may see it still does."""

from __future__ import annotations

import uuid

import pytest

from crm.sales.v1 import events_pb2 as sales
from crm_chassis.events.consumer import Consumer
from crm_chassis.events.envelope import Envelope
from crm_contacts.adapters.tables import event_tables
from crm_contacts.events.incoming import handlers

API = "/api/contacts/v1"


@pytest.fixture
def deliver(service):
    consumer = Consumer(
        "contacts", service.db, "amqp://unused", handlers=handlers(service), tables=event_tables
    )

    def run(envelope: Envelope) -> None:
        outcome = consumer._process(0, None, envelope.body())
        assert outcome.action == "ack", outcome.error

    return run


@pytest.fixture
def won(org, create_account, deliver):
    account = create_account(name="Quietwind", owner_id=str(org.north))
    event = sales.OpportunityWon(
        opportunity=sales.Opportunity(
            id=str(uuid.uuid4()),
            name="Secret deal",
            account_id=account["id"],
            amount="987654.00",
            currency="EUR",
            sales_stage="Closed Won",
            owner_id=str(org.north),
        )
    )
    deliver(
        Envelope.build(
            type="sales.opportunity.won.v1", source="sales", subject=str(uuid.uuid4()), data=event
        )
    )
    return account


def _entries(client, headers, account):
    response = client.get(f"{API}/accounts/{account['id']}/timeline", headers=headers)
    assert response.status_code == 200, response.get_json()
    return [e for e in response.get_json()["items"] if e["module"] == "opportunities"]


def test_a_hidden_amount_is_not_on_the_timeline(client, org, won):
    org.save(other_fields={"opportunities": {"amount": "hidden"}})
    [entry] = _entries(client, org.headers(org.north), won)
    assert "987654" not in str(entry)
    assert entry["amount"] is None and entry["currency"] is None
    assert entry["summary"] == "Opportunity won Secret deal"


def test_a_visible_amount_stays(client, org, won):
    org.save(other_fields={"opportunities": {}})
    [entry] = _entries(client, org.headers(org.north), won)
    assert entry["amount"] == "987654.00"
    assert entry["summary"] == "Opportunity won Secret deal (987654.00 EUR)"


def test_a_hidden_name_leaves_the_summary(client, org, won):
    org.save(other_fields={"opportunities": {"name": "hidden"}})
    [entry] = _entries(client, org.headers(org.north), won)
    assert "Secret deal" not in str(entry)
    assert entry["summary"] == "Opportunity won (987654.00 EUR)"


def test_the_360_view_timeline_hides_it_too(client, org, won):
    org.save(other_fields={"opportunities": {"amount": "hidden"}})
    response = client.get(f"{API}/accounts/{won['id']}/overview", headers=org.headers(org.north))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["timeline"]["status"] == "ok"
    assert any(e["module"] == "opportunities" for e in body["timeline"]["items"])
    assert "987654" not in str(body["timeline"])


def test_a_hidden_account_field_is_not_named_in_an_update_entry(
    client, org, create_account, admin_headers
):
    org.save(account_fields={"phone": "hidden"})
    account = create_account(name="Quietwind", owner_id=str(org.north))
    url = f"{API}/accounts/{account['id']}"
    body = {"description": "x", "phone": "0113 496 0777"}
    assert client.patch(url, json=body, headers=admin_headers).status_code == 200

    def updated(headers):
        items = client.get(f"{url}/timeline", headers=headers).get_json()["items"]
        return [e for e in items if e["event_type"] == "contacts.account.updated.v1"]

    [mine] = updated(org.headers(org.north))
    assert "phone" not in mine["summary"] and "phone" not in mine["data"]["changed_fields"]
    assert "description" in mine["summary"]
    [admins] = updated(admin_headers)
    assert "phone" in admins["summary"]
