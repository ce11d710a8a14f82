"""Batches: several deliveries in one transaction, one effect each, a poison one alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pika
import pytest
import sqlalchemy as sa
from _bus_helpers import publish_raw, queue_depth, wait_until
from _eventapp import NOTE_ADDED, note_consumer

from crm_chassis import context
from crm_chassis.events import Consumer, Envelope, ParkingLot
from crm_chassis.events.topology import declare_service_queues, parking_queue

HERE = Path(__file__).parent


@pytest.fixture(autouse=True)
def _clean_context():
    yield
    context.clear()


def _note(text: str, subject: str = "n-1") -> Envelope:
    return Envelope.build(type=NOTE_ADDED, source="tests", subject=subject, data={"text": text})


def _delivery(envelope: Envelope) -> tuple[object, bytes]:
    return envelope.properties(), envelope.body()


def _consumer(service, db, amqp_url, exchange, app, handler, delays=(0.2, 0.4)):
    # These tests decide what a batch holds, not the clock.
    return note_consumer(
        service, db, amqp_url, exchange, app, {NOTE_ADDED: handler}, delays, batch_seconds=3600
    )


def _inbox(db, app):
    with db.reading() as session:
        return session.execute(sa.select(app.tables.inbox.c.event_id)).scalars().all()


def _texts(db, app):
    with db.reading() as session:
        query = sa.select(app.notes.c.text).order_by(app.notes.c.id)
        return session.execute(query).scalars().all()


def _declare(amqp_url, exchange, service, delays):
    """The consumer's queues, declared up front so that events wait for it in the queue."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        declare_service_queues(connection.channel(), service, exchange, [NOTE_ADDED], delays)
    finally:
        connection.close()


def test_a_poison_message_in_a_batch_fails_alone_and_the_others_take_effect_in_order(
    db, app, amqp_url, exchange, service
):
    sessions: list[tuple[str, int]] = []

    def handler(session, envelope):
        sessions.append((envelope.data["text"], id(session)))
        app.add_note(session, envelope)
        if envelope.data["text"] == "poison":
            raise RuntimeError("cannot take this one")

    consumer = _consumer(service, db, amqp_url, exchange, app, handler)
    events = [_note(t) for t in ("a", "b", "poison", "c", "d")]
    outcomes = consumer._process_batch(0, [_delivery(e) for e in events])

    assert [o.action for o in outcomes] == ["ack", "ack", "retry", "ack", "ack"]
    assert outcomes[2].error_type == "RuntimeError" and outcomes[2].attempt == 1
    # Tried together first (one session), rolled back, then one transaction each.
    first_try = sessions[:3]
    assert [t for t, _ in first_try] == ["a", "b", "poison"]
    assert len({s for _, s in first_try}) == 1
    assert [t for t, _ in sessions[3:]] == ["a", "b", "poison", "c", "d"]
    assert _texts(db, app) == ["a", "b", "c", "d"]  # in delivery order, the poison's rolled back
    assert sorted(_inbox(db, app)) == sorted(e.id for i, e in enumerate(events) if i != 2)


def test_a_batch_that_commits_runs_every_handler_in_one_transaction(
    db, app, amqp_url, exchange, service
):
    sessions = set()

    def handler(session, envelope):
        sessions.add(id(session))
        app.add_note(session, envelope)

    consumer = _consumer(service, db, amqp_url, exchange, app, handler)
    events = [_note(str(i), subject=f"n-{i % 3}") for i in range(20)]
    outcomes = consumer._process_batch(0, [_delivery(e) for e in events])

    assert [o.action for o in outcomes] == ["ack"] * 20
    assert len(sessions) == 1
    assert _texts(db, app) == [str(i) for i in range(20)]


def test_the_same_event_twice_in_one_batch_takes_effect_once(db, app, amqp_url, exchange, service):
    calls = []

    def handler(session, envelope):
        calls.append(envelope.id)
        app.add_note(session, envelope)

    consumer = _consumer(service, db, amqp_url, exchange, app, handler)
    twice, other = _note("twice"), _note("other")
    outcomes = consumer._process_batch(0, [_delivery(e) for e in (twice, other, twice)])

    assert [o.action for o in outcomes] == ["ack", "ack", "ack"]
    assert calls == [twice.id, other.id]
    assert _texts(db, app) == ["twice", "other"]
    assert sorted(_inbox(db, app)) == sorted([twice.id, other.id])


def test_a_malformed_or_unhandled_message_in_a_batch_does_not_stop_the_others(
    db, app, amqp_url, exchange, service
):
    consumer = _consumer(service, db, amqp_url, exchange, app, app.add_note)
    stale = Envelope.build(type="tests.stale.thing.v1", source="tests", subject="s")
    garbage = (pika.BasicProperties(message_id="garbage-1"), b"{not json")
    a, b = _note("a"), _note("b")
    deliveries = [_delivery(a), garbage, _delivery(stale), _delivery(b)]
    outcomes = consumer._process_batch(0, deliveries)

    assert [o.action for o in outcomes] == ["ack", "park", "ack", "ack"]
    assert _texts(db, app) == ["a", "b"]


def test_through_the_broker_a_poison_message_among_queued_events_is_retried_and_parked_alone(
    db, app, amqp_url, exchange, service, running
):
    delays = (0.2, 0.4)
    _declare(amqp_url, exchange, service, delays)
    poison_calls = []

    def handler(session, envelope):
        app.add_note(session, envelope)
        if envelope.data["text"] == "poison":
            poison_calls.append(envelope.id)
            raise RuntimeError("cannot take this one")

    texts = [f"before-{i}" for i in range(10)] + ["poison"] + [f"after-{i}" for i in range(10)]
    for text in texts:
        envelope = _note(text)
        publish_raw(amqp_url, exchange, envelope.type, envelope.body(), envelope.properties())
    # Queued before the consumer starts: its prefetch takes them in together.
    running(_consumer(service, db, amqp_url, exchange, app, handler, delays))

    wait_until(lambda: queue_depth(amqp_url, parking_queue(service)) == 1, timeout=30)
    wait_until(lambda: len(_texts(db, app)) == 20, timeout=30)
    assert _texts(db, app) == [t for t in texts if t != "poison"]  # in order, once each
    assert len(set(poison_calls)) == 1
    (parked,) = ParkingLot(amqp_url, service).list()
    assert parked.attempts == 3  # first delivery + one per tier, as if it had come alone
    assert parked.headers["x-error-type"] == "RuntimeError"


def test_a_consumer_killed_after_its_commit_and_before_its_ack_gets_the_batch_again_as_a_no_op(
    db, db_url, app, amqp_url, exchange, service, running, tmp_path
):
    _declare(amqp_url, exchange, service, [0.2])
    events = [_note(f"e{i}") for i in range(8)]
    for envelope in events:
        publish_raw(amqp_url, exchange, envelope.type, envelope.body(), envelope.properties())
    marker = tmp_path / "committed"
    args = [exchange, service, str(marker)]
    log_path = tmp_path / "consumer.log"
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(
            [sys.executable, str(HERE / "consumer_proc.py"), "noack", db_url, amqp_url, *args],
            stderr=log_file,
        )
    try:
        committed = lambda: marker.exists() and marker.read_text() == str(len(events))  # noqa: E731
        wait_until(lambda: committed() or proc.poll() is not None, timeout=60)
        assert proc.poll() is None, log_path.read_text()
        assert _texts(db, app) == [f"e{i}" for i in range(8)]  # committed, never acked
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)

    calls = []

    def counting(session, envelope):
        calls.append(envelope.id)
        app.add_note(session, envelope)

    class Watched(Consumer):
        delivered: list[bool] = []

        def _on_message(self, ch, method, properties, body):
            self.delivered.append(method.redelivered)
            super()._on_message(ch, method, properties, body)

    watched = Watched(
        service, db, amqp_url, exchange, {NOTE_ADDED: counting}, [0.2], tables=app.tables
    )
    running(watched)
    sentinel = _note("sentinel")
    publish_raw(amqp_url, exchange, sentinel.type, sentinel.body(), sentinel.properties())
    wait_until(lambda: "sentinel" in _texts(db, app), timeout=30)
    wait_until(lambda: len(watched.delivered) == 9 and watched._inflight == 0, timeout=30)
    assert watched.delivered.count(True) == 8
    # The eight came back (unacked) and found their inbox rows: no handler ran for them.
    assert calls == [sentinel.id]
    assert _texts(db, app) == [f"e{i}" for i in range(8)] + ["sentinel"]
    wait_until(lambda: queue_depth(amqp_url, f"{service}.events") == 0)


def test_a_batch_over_its_time_budget_commits_and_the_rest_goes_in_the_next_transaction(
    db, app, amqp_url, exchange, service
):
    sessions = []

    def handler(session, envelope):
        sessions.append(session)  # kept alive: distinct sessions have distinct ids
        app.add_note(session, envelope)

    consumer = _consumer(service, db, amqp_url, exchange, app, handler)
    consumer.batch_seconds = -1  # spent before the first event: one event per transaction
    events = [_note(str(i)) for i in range(4)]
    outcomes = consumer._process_batch(0, [_delivery(e) for e in events])

    assert [o.action for o in outcomes] == ["ack"] * 4
    assert len({id(s) for s in sessions}) == 4
    assert _texts(db, app) == ["0", "1", "2", "3"]
