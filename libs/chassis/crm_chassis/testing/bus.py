"""Watch and feed the event bus from a test: a tap on some routing keys, a publisher that
sends envelopes the way another service's relay would, a service's worker (relay and
consumer) running in threads, and polling until a condition holds."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

import pika
import pytest

from crm_chassis.events.envelope import Envelope
from crm_chassis.events.publisher import ConfirmingPublisher, Outgoing

EXCHANGE = "crm.events"


class BusTap:
    """An exclusive queue bound to ``keys`` of the exchange; :meth:`next` waits for one."""

    def __init__(self, url: str, keys: list[str], exchange: str = EXCHANGE) -> None:
        self.connection = pika.BlockingConnection(pika.URLParameters(url))
        self.channel = self.connection.channel()
        self.channel.exchange_declare(exchange, exchange_type="topic", durable=True)
        self.queue = self.channel.queue_declare("", exclusive=True).method.queue
        for key in keys:
            self.channel.queue_bind(self.queue, exchange, routing_key=key)

    def next(self, timeout: float = 20.0) -> Envelope:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            method, _props, body = self.channel.basic_get(self.queue, auto_ack=True)
            if method is not None:
                return Envelope.from_json(body)
            self.connection.sleep(0.1)
        raise AssertionError(f"no event on the bus within {timeout}s")

    def drain(self, wait: float = 1.0) -> list[Envelope]:
        """Return every event that arrives within ``wait`` seconds."""
        found: list[Envelope] = []
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            method, _props, body = self.channel.basic_get(self.queue, auto_ack=True)
            if method is None:
                self.connection.sleep(0.1)
                continue
            found.append(Envelope.from_json(body))
        return found

    def close(self) -> None:
        if self.connection.is_open:  # a broker restart may have closed it already
            self.connection.close()

    def __enter__(self) -> BusTap:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def publish(url: str, *envelopes: Envelope, exchange: str = EXCHANGE) -> None:
    """Publish ``envelopes`` with confirms; fail if the broker did not take every one."""
    publisher = ConfirmingPublisher(url, connection_name="test-publisher")
    publisher.open()
    try:
        acks = publisher.publish(
            [Outgoing(exchange, e.type, e.body(), e.properties()) for e in envelopes]
        )
    finally:
        publisher.close()
    assert all(acks), "the broker refused an event"


T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float = 15.0) -> T:
    """Poll ``predicate`` until it returns something truthy, and return that; fail on timeout."""
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(0.05)
    return value


@contextmanager
def running_worker(
    settings: Any, db: Any, handlers: Mapping[str, Any], *, tables: Any, **overrides: Any
) -> Iterator[Any]:
    """Run a service's worker parts (relay, consumer) in threads with ``settings`` updated by
    ``overrides`` (e.g. ``amqp_url``, ``retry_delays``); yield those settings once the
    consumer is connected; stop the parts after the block."""
    from crm_chassis.events.worker import build_parts

    worker_settings = settings.model_copy(update=overrides)
    parts = build_parts(worker_settings, db, handlers, tables=tables)
    threads = [threading.Thread(target=p.run, daemon=True) for p in parts]
    for thread in threads:
        thread.start()
    try:
        for part in parts:
            ready = getattr(part, "ready", None)
            if ready is not None:
                assert ready.wait(15), "consumer did not start"
        yield worker_settings
    finally:
        for part in parts:
            part.stop()
        for thread in threads:
            thread.join(15)
