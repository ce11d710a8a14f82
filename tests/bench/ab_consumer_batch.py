"""A/B of the consumer's batches: drain N queued events with ``batch_size`` 1 and 50.

    .venv/bin/python tests/bench/ab_consumer_batch.py DATABASE [N] [SIZES] [ROUNDS]

DATABASE is a PostgreSQL base URL (``postgresql+psycopg://postgres@127.0.0.1:5432``: a
fresh database per run) or a directory (a fresh SQLite file per run). Each run publishes N
note events (the chassis tests' tiny service) to a fresh queue, starts a Consumer and
times it until all N took effect; sizes alternate within each round, in one process, so
the figures compare on a shared machine.
"""

from __future__ import annotations

import sys
import threading
import time
import uuid
from pathlib import Path

import pika
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "libs/chassis/tests/events"))

from _eventapp import NOTE_ADDED, App

from crm_chassis.db.engine import Database
from crm_chassis.events import Consumer, Envelope
from crm_chassis.events.publisher import ConfirmingPublisher, Outgoing
from crm_chassis.events.topology import declare_service_queues
from crm_chassis.testing.broker import create_vhost, delete_vhost
from crm_chassis.testing.databases import drop_database


def _database(base: str) -> str:
    if not base.startswith("postgresql"):
        return f"sqlite:///{base}/drain-{uuid.uuid4().hex[:8]}.db"
    name = f"crm_drain_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return f"{base}/{name}"


def _publish(amqp: str, exchange: str, count: int) -> None:
    publisher = ConfirmingPublisher(amqp)
    publisher.open()
    try:
        for start in range(0, count, 500):
            batch = []
            for i in range(start, min(count, start + 500)):
                env = Envelope.build(
                    type=NOTE_ADDED, source="bench", subject=f"s{i % 10}", data={"text": str(i)}
                )
                batch.append(Outgoing(exchange, env.type, env.body(), env.properties()))
            assert all(publisher.publish(batch))
    finally:
        publisher.close()


def drain(base: str, amqp: str, count: int, batch_size: int) -> float:
    """Events/s for one consumer draining ``count`` queued events."""
    app, url = App(), _database(base)
    engine = sa.create_engine(url)
    app.metadata.create_all(engine)
    engine.dispose()
    db = Database(url)
    service, exchange = f"drain{uuid.uuid4().hex[:6]}", "crm.events.drain"
    connection = pika.BlockingConnection(pika.URLParameters(amqp))
    declare_service_queues(connection.channel(), service, exchange, [NOTE_ADDED], [1])
    connection.close()
    _publish(amqp, exchange, count)
    consumer = Consumer(
        service,
        db,
        amqp,
        exchange,
        {NOTE_ADDED: app.add_note},
        [1],
        tables=app.tables,
        batch_size=batch_size,
    )
    thread = threading.Thread(target=consumer.run, daemon=True)
    started = time.monotonic()
    thread.start()
    try:
        while True:
            with db.reading() as session:
                query = sa.select(sa.func.count()).select_from(app.notes)
                if session.execute(query).scalar() >= count:
                    return count / (time.monotonic() - started)
            time.sleep(0.05)
    finally:
        consumer.stop()
        thread.join(30)
        db.dispose()
        drop_database(url)


def main() -> None:
    base = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    sizes = [int(s) for s in (sys.argv[3] if len(sys.argv) > 3 else "1,50").split(",")]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    vhost, amqp = create_vhost("crm-bench-drain")
    try:
        for r in range(rounds):
            for size in sizes:
                rate = drain(base, amqp, count, size)
                print(f"round {r} batch_size {size}: {rate:.1f} events/s", flush=True)
    finally:
        delete_vhost(vhost)


if __name__ == "__main__":
    main()
