"""A broker outage: events written meanwhile are all delivered, each with one effect.

This stops the shared RabbitMQ application for a few seconds (every vhost, everyone on
this machine): deselect with ``-m "not broker_restart"`` when others use the broker.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from _bus_helpers import wait_until
from _eventapp import NOTE_ADDED

from crm_chassis.events import Consumer, Relay
from crm_chassis.testing.broker import amqp_ready, start_broker, stop_broker


@pytest.mark.broker_restart
def test_events_written_while_the_broker_is_down_arrive_once_it_is_back(
    db, app, amqp_url, exchange, service, running
):
    consumer = running(
        Consumer(
            service,
            db,
            amqp_url,
            exchange,
            {NOTE_ADDED: app.add_note},
            [0.2],
            tables=app.tables,
            max_backoff=1.0,
        )
    )
    relay = running(
        Relay(db, amqp_url, exchange, tables=app.tables, poll_seconds=0.05, max_backoff=1.0)
    )
    outbox = app.outbox()
    written = []

    def write(count: int, label: str) -> None:
        for i in range(count):
            with db.transaction() as session:
                written.append(
                    outbox.add(session, type=NOTE_ADDED, subject=f"{label}-{i}", data={}).id
                )

    write(10, "before")
    wait_until(lambda: len(app.notes_for(db)) == 10, timeout=15)

    stop_broker()
    try:
        assert not amqp_ready(amqp_url)
        write(30, "during")
        wait_until(lambda: not consumer.ready.is_set(), timeout=10)
    finally:
        start_broker(amqp_url, timeout=60)
    write(10, "after")

    wait_until(lambda: len(set(app.notes_for(db))) == len(written), timeout=30)
    t = app.tables.outbox
    wait_until(lambda: _unpublished(db, t) == 0, timeout=10)
    notes = app.notes_for(db)
    assert sorted(notes) == sorted(written)  # every event, none twice in effect
    assert relay.published_total >= len(written)


def _unpublished(db, table) -> int:
    with db.reading() as session:
        return session.execute(
            sa.select(sa.func.count()).where(table.c.published_at.is_(None))
        ).scalar_one()
