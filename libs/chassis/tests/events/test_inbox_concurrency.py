"""Two consumers handling the same event id at once (PostgreSQL): the effect is kept once.

The inbox rows are inserted after the handlers' effects, in the same transaction
(inbox.InboxBatch, for a batch and for one event alone). So both consumers run the effect;
the second waits at the inbox insert on the first one's key and fails once that commits,
rolling its effect back; redelivered, it finds the row and does nothing.
"""

from __future__ import annotations

import threading
import time

import pika
import pytest
import sqlalchemy as sa
from _bus_helpers import publish_raw, queue_depth, wait_until
from _eventapp import NOTE_ADDED, note_consumer

from crm_chassis import context
from crm_chassis.events import Envelope
from crm_chassis.events.topology import declare_service_queues, events_queue, parking_queue


@pytest.fixture(autouse=True)
def _postgres_only(db):
    if db.dialect != "postgresql":
        pytest.skip("SQLite's one write lock serialises the two transactions")
    yield
    context.clear()


def _consumer(service, db, amqp_url, exchange, app, handler):
    return note_consumer(service, db, amqp_url, exchange, app, {NOTE_ADDED: handler})


def _inbox_rows(db, app, event_id):
    inbox = app.tables.inbox
    with db.reading() as session:
        query = sa.select(sa.func.count()).where(inbox.c.event_id == event_id)
        return session.execute(query).scalar()


def test_two_consumers_handling_one_event_at_once_keep_its_effect_once(
    db, app, amqp_url, exchange, service
):
    both_inside = threading.Barrier(2, timeout=10)
    effects = []

    def handler(session, envelope):
        app.add_note(session, envelope)
        effects.append(envelope.id)
        both_inside.wait()  # neither commits before the other has run its effect

    envelope = Envelope.build(type=NOTE_ADDED, source="tests", subject="n-1", data={"text": "x"})
    consumers = [_consumer(service, db, amqp_url, exchange, app, handler) for _ in range(2)]
    outcomes = [None, None]

    def handle(i):
        outcomes[i] = consumers[i]._process(0, envelope.properties(), envelope.body())

    threads = [threading.Thread(target=handle, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    assert effects == [envelope.id, envelope.id]  # both ran it...
    assert sorted(o.action for o in outcomes) == ["ack", "retry"]  # ...one failed at the key
    (retried,) = [o for o in outcomes if o.action == "retry"]
    assert retried.error_type == "IntegrityError"
    assert app.notes_for(db, envelope.id) == [envelope.id]  # ...and was rolled back
    assert _inbox_rows(db, app, envelope.id) == 1

    # The retried copy comes back: the inbox row makes it a no-op.
    both_inside = threading.Barrier(1)
    again = consumers[0]._process(0, envelope.properties(), envelope.body())
    assert again.action == "ack"
    assert len(effects) == 2 and app.notes_for(db, envelope.id) == [envelope.id]


def test_through_the_broker_a_duplicate_taken_by_two_consumers_takes_effect_once(
    db, app, amqp_url, exchange, service, running
):
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        declare_service_queues(connection.channel(), service, exchange, [NOTE_ADDED], (0.2, 0.4))
    finally:
        connection.close()

    def handler(session, envelope):
        app.add_note(session, envelope)
        time.sleep(0.3)  # long enough for the other consumer to take the duplicate meanwhile

    envelopes = [
        Envelope.build(type=NOTE_ADDED, source="tests", subject=f"n-{i}", data={"text": str(i)})
        for i in range(5)
    ]
    for envelope in envelopes:  # each twice, as a relay's republish would
        for _ in range(2):
            publish_raw(amqp_url, exchange, envelope.type, envelope.body(), envelope.properties())
    for _ in range(2):
        consumer = _consumer(service, db, amqp_url, exchange, app, handler)
        consumer.prefetch = 1  # one message each at a time: the duplicates go to both
        running(consumer)

    def settled():
        handled = all(_inbox_rows(db, app, e.id) == 1 for e in envelopes)
        return handled and queue_depth(amqp_url, events_queue(service)) == 0

    wait_until(settled, timeout=60)
    time.sleep(1.5)  # retry tiers of the losing copies come back and must stay no-ops
    wait_until(lambda: queue_depth(amqp_url, events_queue(service)) == 0, timeout=30)
    for envelope in envelopes:
        assert app.notes_for(db, envelope.id) == [envelope.id]
    assert queue_depth(amqp_url, parking_queue(service)) == 0
