"""marketing.recipient.unsubscribed.v1: the contact's e-mail opt-out is set once, and the
unsubscribe is on its timeline (through the chassis consumer's processing, no broker)."""

from __future__ import annotations

import uuid

import pytest

from crm.marketing.v1 import events_pb2 as marketing
from crm_chassis.events.consumer import Consumer
from crm_chassis.events.envelope import Envelope
from crm_contacts.adapters.tables import event_tables
from crm_contacts.events.incoming import handlers

API = "/api/contacts/v1"
TYPE = "marketing.recipient.unsubscribed.v1"


@pytest.fixture
def deliver(service):
    consumer = Consumer(
        "contacts", service.db, "amqp://unused", handlers=handlers(service), tables=event_tables
    )

    def run(envelope: Envelope) -> None:
        outcome = consumer._process(0, None, envelope.body())
        assert outcome.action == "ack", outcome.error

    return run


def _unsubscribed(contact_id: str, **more: str) -> Envelope:
    data = marketing.RecipientUnsubscribed(
        address="ada@example.org", contact_id=contact_id, mailing_id=str(uuid.uuid4()), **more
    )
    return Envelope.build(type=TYPE, source="marketing", subject=contact_id or "x", data=data)


def test_an_unsubscribe_opts_the_contact_out_once_and_shows_on_its_timeline(
    client, admin_headers, create_contact, deliver
):
    contact = create_contact(email="ada@example.org")
    assert contact["email_opt_out"] is False
    event = _unsubscribed(contact["id"])
    deliver(event)
    deliver(event)  # redelivered: no second change, no second entry
    url = f"{API}/contacts/{contact['id']}"
    after = client.get(url, headers=admin_headers).get_json()
    assert after["email_opt_out"] is True and after["version"] == contact["version"] + 1
    timeline = client.get(f"{url}/timeline", headers=admin_headers).get_json()["items"]
    assert [e["event_type"] for e in timeline if e["source"] == "marketing"] == [TYPE]


def test_an_unsubscribe_of_a_lead_or_an_unknown_contact_changes_nothing(
    client, admin_headers, create_contact, deliver
):
    contact = create_contact(email="ada@example.org")
    deliver(_unsubscribed("", lead_id=str(uuid.uuid4())))
    deliver(_unsubscribed(str(uuid.uuid4())))
    after = client.get(f"{API}/contacts/{contact['id']}", headers=admin_headers).get_json()
    assert after["email_opt_out"] is False
