"""The consumer: one effect per event, retries, parking and the operator's replay."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pika
import pytest
import sqlalchemy as sa
from _bus_helpers import consumer_count, publish_raw, queue_depth, wait_until
from _eventapp import NOTE_ADDED, NOTE_ECHOED, note_consumer

from crm_chassis import context, tracing
from crm_chassis.events import Envelope, Relay
from crm_chassis.events.topology import parking_queue, retry_queue

HERE = Path(__file__).parent
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def _consumer(service, db, amqp_url, exchange, app, handlers=None, delays=(0.2, 0.4)):
    return note_consumer(service, db, amqp_url, exchange, app, handlers, delays)


def _note(event_id=None, text="hello"):
    return Envelope.build(
        type=NOTE_ADDED,
        source="tests",
        subject="n-1",
        data={"text": text},
        id=event_id,
        traceparent=TRACEPARENT,
    )


def _publish(amqp_url, exchange, envelope):
    publish_raw(amqp_url, exchange, envelope.type, envelope.body(), envelope.properties())


def _inbox(db, app):
    with db.reading() as session:
        return session.execute(sa.select(app.tables.inbox.c.event_id)).scalars().all()


def _cli(amqp_url, service, *args):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "crm_chassis.events.cli",
            "--amqp-url",
            amqp_url,
            "--service",
            service,
            "parked",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_a_handled_event_carries_its_causality_into_the_events_it_causes(
    db, app, amqp_url, exchange, service, running, tap
):
    echoes = tap(NOTE_ECHOED)
    outbox = app.outbox(service)
    seen = {}

    def echo(session, envelope):
        app.add_note(session, envelope)
        seen["traceparent"] = tracing.current_traceparent()
        seen["causation"] = context.causation_id()
        outbox.add(session, type=NOTE_ECHOED, subject=envelope.subject, data=envelope.data)

    running(_consumer(service, db, amqp_url, exchange, app, {NOTE_ADDED: echo}))
    running(Relay(db, amqp_url, exchange, tables=app.tables, poll_seconds=0.05))
    incoming = _note()
    _publish(amqp_url, exchange, incoming)

    ((_, body),) = echoes.wait_for(1)
    echoed = Envelope.from_json(body)
    assert echoed.causation_id == incoming.id
    assert echoed.correlation_id == incoming.correlation_id
    assert echoed.traceparent.split("-")[1] == TRACEPARENT.split("-")[1]
    assert seen["causation"] == incoming.id
    assert app.notes_for(db) == [incoming.id]
    assert context.correlation_id() is None  # the consumer thread's context, not ours


def test_a_duplicate_delivery_has_one_effect(db, app, amqp_url, exchange, service, running):
    running(_consumer(service, db, amqp_url, exchange, app))
    duplicate = _note()
    sentinel = _note(text="after the duplicates")
    for envelope in (duplicate, duplicate, sentinel):
        _publish(amqp_url, exchange, envelope)

    # One queue, one consumer, handled in order: the sentinel's effect comes last.
    wait_until(lambda: app.notes_for(db, sentinel.id))
    assert app.notes_for(db, duplicate.id) == [duplicate.id]
    assert sorted(_inbox(db, app)) == sorted([duplicate.id, sentinel.id])


def test_a_malformed_body_is_parked_and_consuming_goes_on(
    db, app, amqp_url, exchange, service, running
):
    running(_consumer(service, db, amqp_url, exchange, app))
    publish_raw(
        amqp_url,
        exchange,
        NOTE_ADDED,
        b"{not json",
        pika.BasicProperties(message_id="garbage-1", delivery_mode=2),
    )
    sentinel = _note()
    _publish(amqp_url, exchange, sentinel)

    wait_until(lambda: queue_depth(amqp_url, parking_queue(service)) == 1)
    wait_until(lambda: app.notes_for(db, sentinel.id))
    listed = _cli(amqp_url, service, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    (parked,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert parked["id"] == "garbage-1"
    assert "not JSON" in parked["error"]
    assert queue_depth(amqp_url, parking_queue(service)) == 1  # listing consumed nothing


def test_an_event_that_keeps_failing_is_retried_per_tier_parked_and_replayed(
    db, app, amqp_url, exchange, service, running, tap
):
    other_subscriber = tap(NOTE_ADDED)
    calls = []
    broken = {"on": True}

    def flaky(session, envelope):
        calls.append(envelope.id)
        app.add_note(session, envelope)  # rolled back with the failure
        if broken["on"]:
            raise RuntimeError("downstream says no")

    running(_consumer(service, db, amqp_url, exchange, app, {NOTE_ADDED: flaky}))
    event = _note()
    _publish(amqp_url, exchange, event)

    wait_until(lambda: queue_depth(amqp_url, parking_queue(service)) == 1, timeout=10)
    assert calls == [event.id] * 3  # first delivery + one per retry tier
    assert app.notes_for(db) == [] and _inbox(db, app) == []
    for delay in (0.2, 0.4):
        assert queue_depth(amqp_url, retry_queue(service, delay)) == 0
    # Retries went through the default exchange: the other subscriber saw the event once.
    assert len(other_subscriber.wait_for(1)) == 1
    assert other_subscriber.fetch() == 1

    listed = _cli(amqp_url, service, "list")
    assert listed.returncode == 0, listed.stderr
    assert event.id in listed.stdout and "RuntimeError" in listed.stdout
    (row,) = [line for line in listed.stdout.splitlines() if event.id in line]
    assert row.split()[2] == "3"  # attempts
    shown = _cli(amqp_url, service, "show", event.id)
    assert shown.returncode == 0, shown.stderr
    detail = json.loads(shown.stdout)
    assert detail["envelope"]["id"] == event.id
    assert detail["headers"]["x-error-type"] == "RuntimeError"
    assert "downstream says no" in detail["headers"]["x-error"]
    assert _cli(amqp_url, service, "show", "no-such-id").returncode == 1

    broken["on"] = False
    replayed = _cli(amqp_url, service, "replay", event.id)
    assert replayed.returncode == 0, replayed.stderr
    assert "replayed 1" in replayed.stdout
    wait_until(lambda: app.notes_for(db, event.id))
    assert queue_depth(amqp_url, parking_queue(service)) == 0
    assert calls == [event.id] * 4
    assert app.notes_for(db) == [event.id]


def test_replay_all_returns_every_parked_message(db, app, amqp_url, exchange, service, running):
    broken = {"on": True}

    def flaky(session, envelope):
        if broken["on"]:
            raise ValueError("not yet")
        app.add_note(session, envelope)

    running(_consumer(service, db, amqp_url, exchange, app, {NOTE_ADDED: flaky}, delays=()))
    events = [_note(text=str(i)) for i in range(3)]
    for event in events:
        _publish(amqp_url, exchange, event)
    wait_until(lambda: queue_depth(amqp_url, parking_queue(service)) == 3)
    broken["on"] = False
    result = _cli(amqp_url, service, "replay", "--all")
    assert result.returncode == 0, result.stderr
    assert "replayed 3" in result.stdout
    wait_until(lambda: len(app.notes_for(db)) == 3)
    assert sorted(app.notes_for(db)) == sorted(e.id for e in events)


def test_a_consumer_killed_while_handling_gets_the_event_again_and_it_takes_effect_once(
    db, db_url, app, amqp_url, exchange, service, running, tmp_path
):
    marker = tmp_path / "handling"
    log_path = tmp_path / "consumer.log"
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "consumer_proc.py"),
                "hang",
                db_url,
                amqp_url,
                exchange,
                service,
                str(marker),
            ],
            stderr=log_file,
        )
    try:
        # The subprocess declares and binds the queue, then consumes: publish after that.
        wait_until(lambda: consumer_count(amqp_url, f"{service}.events"), timeout=30)
        event = _note()
        _publish(amqp_url, exchange, event)
        wait_until(lambda: marker.exists() or proc.poll() is not None, timeout=30)
        assert proc.poll() is None, log_path.read_text()
        assert marker.read_text() == event.id
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert app.notes_for(db) == []  # the killed transaction left nothing

    running(_consumer(service, db, amqp_url, exchange, app))
    wait_until(lambda: app.notes_for(db, event.id), timeout=30)
    sentinel = _note()
    _publish(amqp_url, exchange, sentinel)
    wait_until(lambda: app.notes_for(db, sentinel.id))
    assert app.notes_for(db, event.id) == [event.id]


def test_the_worker_role_stops_cleanly_on_sigterm(db_url, amqp_url, exchange, service, tmp_path):
    marker = tmp_path / "ready"
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "consumer_proc.py"),
                "worker",
                db_url,
                amqp_url,
                exchange,
                service,
                str(marker),
            ],
            stderr=log_file,
        )
    try:
        wait_until(lambda: marker.exists() or proc.poll() is not None, timeout=30)
        assert proc.poll() is None, log_path.read_text()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0, log_path.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    logs = log_path.read_text()
    for line in ("relay.stopped", "consumer.stopped", "worker.stopped"):
        assert f'"event": "{line}"' in logs, logs


@pytest.fixture(autouse=True)
def _clean_context():
    yield
    context.clear()


def test_an_event_no_handler_takes_is_acked_not_parked(
    db, app, amqp_url, exchange, service, running
):
    running(_consumer(service, db, amqp_url, exchange, app))
    # A binding left over from an older release of the service.
    publish_queue_binding(amqp_url, f"{service}.events", exchange, "tests.stale.thing.v1")
    stale = Envelope.build(type="tests.stale.thing.v1", source="tests", subject="s")
    _publish(amqp_url, exchange, stale)
    sentinel = _note()
    _publish(amqp_url, exchange, sentinel)
    wait_until(lambda: app.notes_for(db, sentinel.id))
    assert queue_depth(amqp_url, parking_queue(service)) == 0
    assert queue_depth(amqp_url, f"{service}.events") == 0
    assert _inbox(db, app) == [sentinel.id]


def publish_queue_binding(url, queue, exchange, key):
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        connection.channel().queue_bind(queue, exchange, key)
    finally:
        connection.close()


def test_an_event_arriving_while_the_database_is_down_waits_for_it_and_is_not_parked(
    db, app, amqp_url, exchange, service, running
):
    calls = []

    def while_down(session, envelope):
        calls.append(envelope.id)
        if len(calls) <= 3:  # the database refuses the first three tries
            raise sa.exc.OperationalError("INSERT", None, ConnectionRefusedError("refused"))
        app.add_note(session, envelope)

    running(_consumer(service, db, amqp_url, exchange, app, {NOTE_ADDED: while_down}))
    event = _note()
    _publish(amqp_url, exchange, event)

    wait_until(lambda: app.notes_for(db, event.id), timeout=20)
    assert calls == [event.id] * 4
    # Held and tried again in place: no retry tier spent, nothing parked.
    assert queue_depth(amqp_url, parking_queue(service)) == 0
    for delay in (0.2, 0.4):
        assert queue_depth(amqp_url, retry_queue(service, delay)) == 0
    assert _inbox(db, app) == [event.id]
