"""The worker against a real RabbitMQ (a throwaway vhost): our outbox reaches the bus, and
identity's policy changes reach our copy."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from crm.identity.v1 import events_pb2 as identity
from crm_access import POLICY_CHANGED, PolicySnapshot
from crm_chassis.events.envelope import Envelope
from crm_chassis.events.outbox import Outbox
from crm_chassis.testing.bus import BusTap, publish, running_worker, wait_until
from crm_marketing.adapters.tables import event_tables
from crm_marketing.entrypoints.migrate import run as migrate
from crm_marketing.events.incoming import handlers


def policy_changed(version: int) -> Envelope:
    snapshot = PolicySnapshot(version=version).to_json()
    data = identity.PolicyChanged(version=version, snapshot_json=snapshot)
    return Envelope.build(type=POLICY_CHANGED, source="identity", subject="policy", data=data)


@pytest.fixture
def on_bus(settings, amqp_vhost_url):
    return settings.model_copy(update={"amqp_url": amqp_vhost_url})


@pytest.fixture
def worker(service, on_bus):
    with running_worker(
        on_bus,
        service.db,
        handlers(service),
        tables=event_tables,
        retry_delays=[1],
        relay_poll_seconds=0.05,
    ) as worker_settings:
        yield worker_settings


PROBE = "marketing.probe.sent.v1"


def test_the_relay_publishes_an_outbox_row(service, worker):
    with BusTap(worker.amqp_url, ["marketing.#"], exchange=worker.events_exchange) as tap:
        with service.db.transaction() as session:
            outbox = Outbox("marketing", event_tables)
            sent = outbox.add(session, type=PROBE, subject="probe-1", data={"probe": True})
        received = tap.next()
    assert (received.id, received.type, received.source) == (sent.id, PROBE, "marketing")
    assert received.data == {"probe": True}


def test_a_policy_change_replaces_our_copy_and_is_kept_in_the_inbox(service, worker):
    event = policy_changed(7)
    publish(worker.amqp_url, event, exchange=worker.events_exchange)
    wait_until(lambda: service.access.decider().version == 7)
    inbox = event_tables.inbox
    with service.db.reading() as session:
        handled = session.execute(
            sa.select(inbox.c.handler).where(inbox.c.event_id == event.id)
        ).scalars()
        assert list(handled) == [f"{POLICY_CHANGED}#keep_policy"]


def test_the_migrate_step_binds_our_queue_before_the_worker_first_starts(service, on_bus):
    migrate(on_bus)
    publish(on_bus.amqp_url, policy_changed(3), exchange=on_bus.events_exchange)
    with running_worker(on_bus, service.db, handlers(service), tables=event_tables):
        wait_until(lambda: service.access.decider().version == 3)
