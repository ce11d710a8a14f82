"""Helpers for the event-bus tests: polling, a tap queue, raw publishing."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pika
import pika.exceptions
import pytest

from crm_chassis.events.topology import declare_exchange


def wait_until(predicate: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05):
    """Poll ``predicate`` until it returns something truthy; fail the test on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s: {predicate}")
        time.sleep(interval)


class Tap:
    """A throwaway queue bound to the exchange: what subscribers would receive."""

    def __init__(self, url: str, exchange: str, key: str = "#") -> None:
        self.connection = pika.BlockingConnection(pika.URLParameters(url))
        self.channel = self.connection.channel()
        declare_exchange(self.channel, exchange)
        self.queue = self.channel.queue_declare("", exclusive=True).method.queue
        self.channel.queue_bind(self.queue, exchange, key)
        self.received: list[tuple[Any, bytes]] = []

    def fetch(self) -> int:
        while True:
            method, props, body = self.channel.basic_get(self.queue, auto_ack=True)
            if method is None:
                return len(self.received)
            self.received.append((props, body))

    def wait_for(self, count: int, timeout: float = 15.0) -> list[tuple[Any, bytes]]:
        wait_until(lambda: self.fetch() >= count, timeout)
        return self.received

    def close(self) -> None:
        if self.connection.is_open:
            self.connection.close()


def queue_depth(url: str, queue: str) -> int:
    """Return the number of ready messages in ``queue``."""
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        return connection.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        connection.close()


def publish_raw(url: str, exchange: str, routing_key: str, body: bytes, props: Any = None) -> None:
    """Publish one message with confirms, as a misbehaving or duplicating producer would."""
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(exchange, routing_key, body, props or pika.BasicProperties())
    finally:
        connection.close()


def consumer_count(url: str, queue: str) -> int:
    """Return how many consumers ``queue`` has (0 when it does not exist yet)."""
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        declared = connection.channel().queue_declare(queue, passive=True)
        return declared.method.consumer_count
    except pika.exceptions.ChannelClosedByBroker:
        return 0
    finally:
        if connection.is_open:
            connection.close()
