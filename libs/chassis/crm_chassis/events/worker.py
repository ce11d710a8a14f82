"""The ``worker`` role of every service: the outbox relay and the event consumer.

Each runs in its own thread with its own pika connection (pika connections are not
thread-safe); SIGTERM or SIGINT stops both cleanly: the relay finishes its batch, the
consumer settles its in-flight messages.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from crm_chassis.config import ServiceSettings
from crm_chassis.db.engine import Database
from crm_chassis.events.consumer import Consumer
from crm_chassis.events.dispatch import Handlers
from crm_chassis.events.relay import Relay
from crm_chassis.events.schema import EventTables, default_tables
from crm_chassis.logging import get_logger

log = get_logger("crm_chassis.events.worker")


def build_parts(
    settings: ServiceSettings,
    db: Database,
    handlers: Handlers | None,
    consumes: bool = True,
    tables: EventTables | None = None,
) -> list[Relay | Consumer]:
    """Build the relay and (when there are handlers) the consumer from the settings."""
    parts: list[Relay | Consumer] = [
        Relay(
            db,
            settings.amqp_url,
            settings.events_exchange,
            tables=tables,
            batch_size=settings.relay_batch_size,
            poll_seconds=settings.relay_poll_seconds,
            name=f"{settings.service_name}-relay",
        )
    ]
    if consumes and handlers:
        parts.append(
            Consumer(
                settings.service_name,
                db,
                settings.amqp_url,
                settings.events_exchange,
                handlers,
                settings.retry_delays,
                tables=tables,
            )
        )
    return parts


def run_worker(
    settings: ServiceSettings,
    db: Database,
    handlers: Handlers | None = None,
    consumes: bool = True,
    *,
    tables: EventTables | None = None,
) -> None:
    """Run the relay and the consumer until SIGTERM/SIGINT (call from the main thread)."""
    parts = build_parts(settings, db, handlers, consumes, tables)
    threads = [
        threading.Thread(target=part.run, name=type(part).__name__.lower(), daemon=True)
        for part in parts
    ]

    requested = threading.Event()
    _serve_ops(db, tables, parts, threads)

    def stop(signum: int, _frame: Any) -> None:
        log.info("worker.stopping", signal=signal.Signals(signum).name)
        requested.set()
        for part in parts:
            part.stop()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        for thread in threads:
            thread.start()
        log.info("worker.started", parts=[t.name for t in threads])
        # join() with a timeout keeps the main thread responsive to signals.
        while any(t.is_alive() for t in threads):
            for thread in threads:
                thread.join(0.5)
            if not requested.is_set() and not all(t.is_alive() for t in threads):
                # The loops catch their failures, so this is a bug: stop all, let it restart.
                log.error("worker.part_exited", parts=[t.name for t in threads if not t.is_alive()])
                requested.set()
                for part in parts:
                    part.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("worker.stopped")


def _serve_ops(
    db: Database,
    tables: EventTables | None,
    parts: list[Relay | Consumer],
    threads: list[threading.Thread],
) -> None:
    """Metrics and probes on CRM_OPS_PORT: live while every loop runs; ready while the
    relay is connected and looped within 15 s and the consumer (if any) consumes."""
    from crm_chassis.ops.metrics import add_scrape_collector
    from crm_chassis.ops.outbox import OutboxCollector
    from crm_chassis.ops.server import start_ops_server

    add_scrape_collector(OutboxCollector(db, (tables or default_tables()).outbox))

    def ready() -> bool:
        return all(
            part.healthy() if isinstance(part, Relay) else part.ready.is_set() for part in parts
        )

    start_ops_server(live=lambda: all(t.is_alive() for t in threads), ready=ready)


def declare_topology(
    settings: ServiceSettings, handlers: Handlers | None, *, timeout: float = 30.0
) -> None:
    """Declare the exchange and this service's queues and bindings, then disconnect.

    A service's ``migrate`` step calls this, so its queue is bound before any other
    service's relay starts publishing: an event published to the topic exchange before the
    consumer's first start would otherwise be dropped as unroutable (first-start race).
    """
    import time

    import pika

    from crm_chassis.events.topology import declare_exchange, declare_service_queues

    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = pika.BlockingConnection(pika.URLParameters(settings.amqp_url))
            break
        except pika.exceptions.AMQPConnectionError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(1)
    try:
        channel = connection.channel()
        if handlers:
            declare_service_queues(
                channel,
                settings.service_name,
                settings.events_exchange,
                handlers.keys(),
                settings.retry_delays,
            )
        else:
            declare_exchange(channel, settings.events_exchange)
    finally:
        connection.close()
    log.info("events.topology_declared", keys=sorted(handlers or ()))
