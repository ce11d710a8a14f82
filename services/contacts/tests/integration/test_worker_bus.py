"""The worker role against a real RabbitMQ (a throwaway vhost): identity in, contacts out."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime

import pika
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from crm.identity.v1 import events_pb2 as identity
from crm_chassis.events.envelope import Envelope
from crm_chassis.events.topology import declare_exchange
from crm_chassis.events.worker import build_parts
from crm_contacts.adapters.tables import event_tables
from crm_contacts.events.incoming import HANDLERS

API = "/api/contacts/v1"


def wait_until(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(0.05)
    return value


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
    worker_settings = settings.model_copy(
        update={"amqp_url": bus_url, "retry_delays": [1], "relay_poll_seconds": 0.05}
    )
    parts = build_parts(worker_settings, service.db, HANDLERS, tables=event_tables)
    threads = [threading.Thread(target=p.run, daemon=True) for p in parts]
    for thread in threads:
        thread.start()
    for part in parts:
        ready = getattr(part, "ready", None)
        if ready is not None:
            assert ready.wait(15), "consumer did not start"
    yield worker_settings
    for part in parts:
        part.stop()
    for thread in threads:
        thread.join(15)


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


def publish(url, exchange, envelope):
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(exchange, envelope.type, envelope.body(), envelope.properties())
    finally:
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
    publish(bus_url, worker.events_exchange, envelope)
    publish(bus_url, worker.events_exchange, envelope)  # a duplicate is harmless

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
