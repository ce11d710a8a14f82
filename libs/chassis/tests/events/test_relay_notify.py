"""On PostgreSQL the outbox write NOTIFYs on commit and the relay wakes on it."""

from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa
from _bus_helpers import wait_until
from _eventapp import NOTE_ADDED
from psycopg import sql

from crm_chassis.events import Envelope, Relay
from crm_chassis.events.notify import channel_for


@pytest.fixture
def listening(db):
    if db.dialect != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite relays watch the WAL")
    dsn = sa.engine.make_url(db.url).set(drivername="postgresql")
    conn = psycopg.connect(dsn.render_as_string(hide_password=False), autocommit=True)

    def listen(channel: str) -> list[str]:
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        return [n.channel for n in conn.notifies(timeout=0.5)]

    def received() -> list[str]:
        return [n.channel for n in conn.notifies(timeout=0.5)]

    yield listen, received
    conn.close()


def test_the_outbox_notifies_once_per_transaction_and_only_when_it_commits(db, app, listening):
    listen, received = listening
    outbox = app.outbox()
    channel = channel_for(app.tables.outbox)
    assert listen(channel) == []
    with db.transaction() as session:
        for i in range(3):
            outbox.add(session, type=NOTE_ADDED, subject=f"n-{i}", data={"text": str(i)})
        assert received() == []  # not before the commit
    assert received() == [channel]  # one, for three rows
    with pytest.raises(RuntimeError), db.transaction() as session:
        outbox.add(session, type=NOTE_ADDED, subject="n-x", data={"text": "x"})
        raise RuntimeError("rolled back")
    assert received() == []


def test_on_postgresql_a_commit_wakes_the_idle_relay_before_its_poll(
    db, app, amqp_url, exchange, tap, running
):
    if db.dialect != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite relays watch the WAL")
    subscriber = tap()
    # An hour's poll: only the notification of the commit below can publish the row in time.
    relay = running(Relay(db, amqp_url, exchange, tables=app.tables, poll_seconds=3600))
    wait_until(lambda: relay._publisher is not None and relay._listener is not None, timeout=10)
    assert relay._listener.listening.wait(10)
    for i in range(2):  # the second row proves the relay went back to waiting and woke again
        with db.transaction() as session:
            sent = app.outbox().add(session, type=NOTE_ADDED, subject=f"n-{i}", data={"text": "w"})
        received = subscriber.wait_for(i + 1, timeout=30)
        assert Envelope.from_json(received[-1][1]).id == sent.id
