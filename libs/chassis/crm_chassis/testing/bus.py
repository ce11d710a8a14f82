"""Watch and feed the event bus from a test: a tap on some routing keys, and a publisher
that sends envelopes the way another service's relay would."""

from __future__ import annotations

import time
from typing import Any

import pika

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
