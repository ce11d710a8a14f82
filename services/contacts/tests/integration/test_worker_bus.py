"""The worker role against a real RabbitMQ (a throwaway vhost): identity in, contacts out."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

import pika
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from crm.identity.v1 import events_pb2 as identity
from crm_chassis.events.envelope import Envelope
from crm_chassis.events.topology import declare_exchange
from crm_chassis.testing.bus import publish, running_worker, wait_until
from crm_contacts.adapters.tables import event_tables
from crm_contacts.events.incoming import handlers

API = "/api/contacts/v1"


@pytest.fixture(scope="session")
def bus_url():
    from crm_chassis.testing import broker

    try:
        name, url = broker.create_vhost("crm-test-contacts")
    except Exception as exc:  # no broker or no rabbitmqctl rights here
        pytest.skip(f"RabbitMQ is not available: {exc}")
    yield url
    broker.delete_vhost(name)


@pytest.fixture
def worker(service, settings, bus_url):
    with running_worker(
        settings,
        service.db,
        handlers(service),
        tables=event_tables,
        amqp_url=bus_url,
        retry_delays=[1],
        relay_poll_seconds=0.05,
    ) as worker_settings:
        yield worker_settings


@pytest.fixture
def tap(bus_url, worker):
    connection = pika.BlockingConnection(pika.URLParameters(bus_url))
    channel = connection.channel()
    declare_exchange(channel, worker.events_exchange)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, worker.events_exchange, "contacts.#")
    received: list[Envelope] = []

    def fetch():
        while True:
            method, _props, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                return received
            received.append(Envelope.from_json(body))

    yield fetch
    connection.close()


def test_identity_user_reaches_the_directory_and_our_events_reach_the_bus(
    service, client, tokens, worker, tap, bus_url
):
    user_id = uuid.uuid4()
    now = Timestamp()
    now.FromDatetime(datetime.now(UTC))
    data = identity.UserCreated(
        user_id=str(user_id),
        email="bus@example.com",
        display_name="Bus",
        active=True,
        updated_at=now,
    )
    envelope = Envelope.build(
        type="identity.user.created.v1", source="identity", subject=str(user_id), data=data
    )
    publish(bus_url, envelope, exchange=worker.events_exchange)
    publish(bus_url, envelope, exchange=worker.events_exchange)  # a duplicate is harmless

    def owner():
        with service.uow() as uow:
            return uow.owners.get(user_id)

    assert wait_until(owner).email == "bus@example.com"

    headers = {"Authorization": f"Bearer {tokens.issue(str(user_id), perms=['accounts.create'])}"}
    response = client.post(f"{API}/accounts", json={"name": "On the bus"}, headers=headers)
    assert response.status_code == 201
    events = wait_until(lambda: [e for e in tap() if e.type == "contacts.account.created.v1"])
    assert events[0].subject == response.get_json()["id"]
    assert events[0].data["account"]["owner_id"] == str(user_id)


def _conversion(lead_id, account_id, contact_id, owner_id, existing=""):
    from crm.sales.v1 import events_pb2 as sales

    data = sales.LeadConverted(
        lead_id=str(lead_id),
        opportunity_id=str(uuid.uuid4()),
        account_id=str(account_id),
        contact_id=str(contact_id),
        existing_account_id=existing,
        owner_id=str(owner_id),
        account=sales.ConvertedAccount(
            name="Converted Ltd",
            industry="Not An Industry",
            website="converted.example",
            annual_revenue="1000.00",
            annual_revenue_currency="EUR",
            billing_address=sales.SalesAddress(city="Leeds"),
        ),
        contact=sales.ConvertedContact(
            first_name="Grace",
            last_name="Hopper",
            email="grace@converted.example",
            lead_source="Web Site",
        ),
        tags=["from-lead"],
    )
    return Envelope.build(
        type="sales.lead.converted.v1", source="sales", subject=str(lead_id), data=data
    )


def test_a_lead_conversion_creates_account_and_contact_exactly_once(
    service, worker, tap, bus_url, owner
):
    lead_id, account_id, contact_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    envelope = _conversion(lead_id, account_id, contact_id, owner.id)
    publish(bus_url, envelope, exchange=worker.events_exchange)
    publish(bus_url, envelope, exchange=worker.events_exchange)  # redelivery: the inbox skips it
    # The same conversion re-sent as a new event: the ids as primary keys make it a no-op.
    publish(
        bus_url,
        _conversion(lead_id, account_id, contact_id, owner.id),
        exchange=worker.events_exchange,
    )

    def contact():
        with service.uow() as uow:
            return uow.contacts.get(contact_id)

    made = wait_until(contact)
    assert made.account_id == account_id and made.origin_lead_id == lead_id
    assert made.owner_id == owner.id and made.lead_source == "Web Site"
    with service.uow() as uow:
        account = uow.accounts.get(account_id)
    assert account.name == "Converted Ltd" and account.industry is None  # refused value dropped
    assert account.customer_code.startswith("ACC-") and account.origin_lead_id == lead_id
    assert account.billing_address.city == "Leeds"
    time.sleep(1.0)
    created = [e.type for e in tap() if e.type.endswith(".created.v1")]
    assert sorted(created) == ["contacts.account.created.v1", "contacts.contact.created.v1"]


def test_a_conversion_onto_an_existing_account_creates_only_the_contact(
    service, worker, bus_url, owner, create_account
):
    account = create_account(name="Existing")
    contact_id = uuid.uuid4()
    publish(
        bus_url,
        _conversion(uuid.uuid4(), account["id"], contact_id, owner.id, existing=account["id"]),
        exchange=worker.events_exchange,
    )

    def contact():
        with service.uow() as uow:
            return uow.contacts.get(contact_id)

    assert str(wait_until(contact).account_id) == account["id"]
    with service.uow() as uow:
        assert uow.accounts.get(uuid.UUID(account["id"])).name == "Existing"
