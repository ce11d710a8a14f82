"""Operator access to a service's parking queue: list, show and replay parked messages.

Listing must not consume: messages are fetched with ``basic.get`` without ack and all
returned (nack + requeue) at the end, so a listing leaves the queue as it was (quorum
queues may reorder returned messages, and count the return as a delivery; the parking
queue has no delivery limit). Replaying republishes a copy to ``<service>.events``
through the default exchange, with confirms, attempt reset to 1 and error headers
dropped, and only then acks (removes) the parked original.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pika
import pika.exceptions

from crm_chassis.events.envelope import ATTEMPT_HEADER, copy_properties
from crm_chassis.events.topology import events_queue, parking_queue

_ERROR_HEADERS = (
    "x-error",
    "x-error-type",
    "x-parked-at",
    "x-parked-by",
    "x-last-error",
    "x-last-error-type",
)


@dataclass(frozen=True)
class ParkedMessage:
    """One message in the parking queue, as an operator sees it."""

    id: str
    type: str
    attempts: int
    error: str
    parked_at: str
    time: str
    headers: dict[str, Any] = field(default_factory=dict)
    body: str = ""

    def envelope(self) -> dict[str, Any] | None:
        """Return the body as JSON if it is JSON, else None (a malformed message)."""
        try:
            doc = json.loads(self.body)
        except ValueError:
            return None
        return doc if isinstance(doc, dict) else None


def _plain(value: Any) -> Any:
    """Make header values JSON-friendly (bytes, datetimes, nested tables)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def describe(properties: Any, body: bytes) -> ParkedMessage:
    """Build the operator view of a parked message."""
    headers = _plain(dict(properties.headers or {}))
    text = body.decode("utf-8", "replace")
    envelope: dict[str, Any] = {}
    try:
        doc = json.loads(text)
        envelope = doc if isinstance(doc, dict) else {}
    except ValueError:
        pass
    error = headers.get("x-error")
    if not error and headers.get("x-first-death-reason") == "delivery_limit":
        error = "delivery limit exceeded (the consumer kept failing before it could settle)"
    return ParkedMessage(
        id=str(properties.message_id or envelope.get("id") or "-"),
        type=str(properties.type or envelope.get("type") or "-"),
        attempts=int(headers.get(ATTEMPT_HEADER, 1) or 1),
        error=str(error or "-"),
        parked_at=str(headers.get("x-parked-at") or "-"),
        time=str(envelope.get("time") or "-"),
        headers=headers,
        body=text,
    )


class ParkingLot:
    """The parking queue of one consuming service."""

    def __init__(self, amqp_url: str, service: str) -> None:
        self.amqp_url = amqp_url
        self.service = service
        self.queue = parking_queue(service)

    @contextmanager
    def _channel(self) -> Iterator[tuple[Any, int]]:
        params = pika.URLParameters(self.amqp_url)
        params.client_properties = {"connection_name": f"{self.service}-parking-cli"}
        connection = pika.BlockingConnection(params)
        try:
            channel = connection.channel()
            declared = channel.queue_declare(self.queue, passive=True)
            yield channel, declared.method.message_count
            if channel.is_open:
                # Return everything fetched and not acked: a listing consumes nothing.
                channel.basic_nack(delivery_tag=0, multiple=True, requeue=True)
        finally:
            if connection.is_open:
                connection.close()

    def _scan(self, channel: Any, count: int) -> Iterator[tuple[int, Any, bytes]]:
        for _ in range(count):
            method, properties, body = channel.basic_get(self.queue, auto_ack=False)
            if method is None:
                return
            yield method.delivery_tag, properties, body

    def list(self, limit: int = 100) -> list[ParkedMessage]:
        """Return up to ``limit`` parked messages, leaving them parked."""
        with self._channel() as (channel, count):
            return [describe(p, b) for _, p, b in self._scan(channel, min(count, limit))]

    def show(self, event_id: str) -> list[ParkedMessage]:
        """Return the parked messages with this id (usually one), leaving them parked."""
        with self._channel() as (channel, count):
            return [
                describe(p, b)
                for _, p, b in self._scan(channel, count)
                if describe(p, b).id == event_id
            ]

    def count(self) -> int:
        """Return how many messages are parked (the queue's ready count)."""
        with self._channel() as (_, count):
            return int(count)

    def purge(self, event_id: str | None = None, *, everything: bool = False) -> int:
        """Delete parked messages (one id, or all) for good; return how many."""
        if (event_id is None) == (not everything):
            raise ValueError("purge one id or everything, not both or neither")
        purged = 0
        with self._channel() as (channel, count):
            if everything:
                return int(channel.queue_purge(self.queue).method.message_count)
            for tag, properties, body in self._scan(channel, count):
                if describe(properties, body).id == event_id:
                    channel.basic_ack(tag)
                    purged += 1
        return purged

    def replay(self, event_id: str | None = None, *, everything: bool = False) -> int:
        """Send parked messages (one id, or all) back to the service queue; return how many."""
        if (event_id is None) == (not everything):
            raise ValueError("replay one id or everything, not both or neither")

        def wanted(properties: Any, body: bytes) -> bool:
            return everything or describe(properties, body).id == event_id

        return self._replay(wanted)

    def _replay(self, wanted: Callable[[Any, bytes], bool]) -> int:
        replayed = 0
        with self._channel() as (channel, count):
            channel.confirm_delivery()
            # Only the messages present now: a replayed message that fails again and comes
            # back to parking during this loop is not replayed twice.
            for tag, properties, body in self._scan(channel, count):
                if not wanted(properties, body):
                    continue
                headers: dict[str, Any] = dict.fromkeys(_ERROR_HEADERS)
                headers[ATTEMPT_HEADER] = 1
                headers["x-replayed-at"] = datetime.now(UTC).isoformat()
                channel.basic_publish(
                    exchange="",
                    routing_key=events_queue(self.service),
                    body=body,
                    properties=copy_properties(properties, headers),
                    mandatory=True,
                )
                channel.basic_ack(tag)
                replayed += 1
        return replayed
