"""The outbox and the relay: what commits is published once, what rolls back never."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from _bus_helpers import wait_until
from _eventapp import NOTE_ADDED

from crm_chassis import context
from crm_chassis.events import Envelope, Relay


def _rows(db, app):
    t = app.tables.outbox
    with db.reading() as session:
        return session.execute(
            sa.select(t.c.id, t.c.published_at, t.c.attempts).order_by(t.c.seq)
        ).all()


def test_a_rolled_back_outbox_row_is_never_published(db, app, amqp_url, exchange, tap):
    subscriber = tap()
    outbox = app.outbox()
    try:
        with db.transaction() as session:
            outbox.add(session, type=NOTE_ADDED, subject="n-1", data={"text": "lost"})
            raise RuntimeError("the use case failed")
    except RuntimeError:
        pass
    with db.transaction() as session:
        kept = outbox.add(session, type=NOTE_ADDED, subject="n-2", data={"text": "kept"})

    relay = Relay(db, amqp_url, exchange, tables=app.tables)
    try:
        assert relay.publish_pending() == 1
        assert relay.publish_pending() == 0
    finally:
        relay.stop()
        relay.run()  # returns at once (stopped) and closes the connection

    received = subscriber.wait_for(1)
    assert [Envelope.from_json(body).id for _, body in received] == [kept.id]
    assert [row.id for row in _rows(db, app)] == [kept.id]


def test_the_relay_publishes_every_row_once_in_order_and_marks_it(
    db, app, amqp_url, exchange, tap, running
):
    subscriber = tap()
    outbox = app.outbox()
    context.set_correlation("corr-1")
    written = []
    for batch in range(10):
        with db.transaction() as session:
            for i in range(50):
                env = outbox.add(
                    session, type=NOTE_ADDED, subject=f"n-{batch}-{i}", data={"text": str(i)}
                )
                written.append(env.id)
    context.clear()
    # Two relays at once: rows are claimed (SKIP LOCKED on PostgreSQL, the write lock on
    # SQLite), so together they still publish each row once.
    relays = [
        running(Relay(db, amqp_url, exchange, tables=app.tables, batch_size=40, poll_seconds=0.05))
        for _ in range(2)
    ]

    received = subscriber.wait_for(len(written), timeout=30)
    wait_until(lambda: all(row.published_at for row in _rows(db, app)), timeout=10)
    subscriber.fetch()
    ids = [props.message_id for props, _ in received]
    assert len(ids) == len(written)
    assert set(ids) == set(written)
    assert sum(r.published_total for r in relays) == len(written)
    assert all(row.attempts == 1 for row in _rows(db, app))
    first_props, first_body = received[0]
    body = json.loads(first_body)
    assert body["correlation_id"] == "corr-1"
    assert first_props.headers["correlation_id"] == "corr-1"
    assert first_props.type == NOTE_ADDED
    assert first_props.delivery_mode == 2


def test_an_event_nobody_subscribes_to_is_published_and_marked(db, app, amqp_url, exchange):
    with db.transaction() as session:
        app.outbox().add(session, type="tests.nobody.listens.v1", subject="x", data={})
    relay = Relay(db, amqp_url, exchange, tables=app.tables)
    try:
        assert relay.publish_pending() == 1
    finally:
        relay.stop()
        relay.run()
    assert all(row.published_at for row in _rows(db, app))


def test_published_rows_past_retention_are_deleted(db, app, amqp_url, exchange):
    from datetime import timedelta

    with db.transaction() as session:
        app.outbox().add(session, type=NOTE_ADDED, subject="x", data={})
        app.outbox().add(session, type=NOTE_ADDED, subject="y", data={})
    relay = Relay(db, amqp_url, exchange, tables=app.tables, batch_size=1)
    try:
        assert relay.publish_pending() == 1
    finally:
        relay.stop()
        relay.run()
    assert relay.delete_published(older_than=timedelta(days=1)) == 0
    assert relay.delete_published(older_than=timedelta(seconds=-1)) == 1
    rows = _rows(db, app)
    assert len(rows) == 1 and rows[0].published_at is None


def test_a_hand_broken_outbox_row_is_left_for_an_operator_and_does_not_stall_the_relay(
    db, app, amqp_url, exchange, tap
):
    subscriber = tap()
    t = app.tables.outbox
    with db.transaction() as session:
        session.execute(
            t.insert().values(
                id="broken-row",
                type=NOTE_ADDED,
                subject="x",
                body="{oops",
                created_at=datetime.now(UTC),
                attempts=0,
            )
        )
        good = app.outbox().add(session, type=NOTE_ADDED, subject="y", data={})
    relay = Relay(db, amqp_url, exchange, tables=app.tables)
    try:
        assert relay.publish_pending() == 1
        assert relay.publish_pending() == 0
    finally:
        relay.stop()
        relay.run()
    assert [props.message_id for props, _ in subscriber.wait_for(1)] == [good.id]
    with db.reading() as session:
        broken = session.execute(sa.select(t).where(t.c.id == "broken-row")).one()
    assert broken.published_at is None
    assert broken.last_error.startswith("malformed")


def test_on_sqlite_a_commit_wakes_the_idle_relay_before_its_poll(
    db, app, amqp_url, exchange, tap, running
):
    if not db.is_sqlite:
        pytest.skip("the WAL wake-up is SQLite's; PostgreSQL relays poll")
    subscriber = tap()
    # An hour's poll: only the wake-up on the commit below can publish the row in time.
    relay = running(Relay(db, amqp_url, exchange, tables=app.tables, poll_seconds=3600))
    wait_until(lambda: relay._publisher is not None, timeout=10)
    assert relay._listener is None  # the WAL's stat poll
    relay_idle = relay._publisher
    # Each row wakes the relay that went back to waiting.
    for i in range(10):
        with db.transaction() as session:
            sent = app.outbox().add(session, type=NOTE_ADDED, subject=f"n-{i}", data={"text": "w"})
        received = subscriber.wait_for(i + 1, timeout=30)
        assert Envelope.from_json(received[-1][1]).id == sent.id
    assert relay_idle is relay._publisher  # the same connection, not a reconnect


def test_on_sqlite_the_confirms_are_awaited_with_no_write_transaction_open(
    db, app, amqp_url, exchange, tap
):
    # SQLite has one write lock per file: a relay holding it through the broker's confirms
    # stalled every writer of the service.
    if db.dialect != "sqlite":
        pytest.skip("PostgreSQL's claim locks only the claimed rows")
    subscriber = tap()
    outbox = app.outbox()
    with db.transaction() as session:
        first = outbox.add(session, type=NOTE_ADDED, subject="n-1", data={"text": "a"})
    relay = Relay(db, amqp_url, exchange, tables=app.tables)
    relay._connect()
    confirm = relay._publisher.publish
    written: list[str] = []

    def publish_while_another_thread_writes(messages, timeout):
        def write() -> None:
            with db.transaction() as session:
                outbox.add(session, type=NOTE_ADDED, subject="n-2", data={"text": "b"})
            written.append("n-2")

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(timeout=5)  # blocks the full 5 s if this thread held the write lock
        return confirm(messages, timeout=timeout)

    relay._publisher.publish = publish_while_another_thread_writes
    try:
        assert relay.publish_pending() == 1
        assert written == ["n-2"]
    finally:
        relay.stop()
        relay.run()
    assert [Envelope.from_json(b).id for _, b in subscriber.wait_for(1)] == [first.id]
