"""The consumer loop: inbox-deduplicated handling, retry tiers, parking.

For each message, in one database transaction: run every handler whose key matches the
event type and that has no inbox row for this event yet, and insert their inbox rows
(inbox.py). Commit, then ack. So a redelivered event (crash before ack, relay republish)
finds its inbox rows and has no second effect.

When a handler raises, the transaction rolls back and a copy of the message goes to the
next retry tier (``x-attempt`` + 1; published with confirms) before the original is
acked; after the last tier, or for a body that is not an envelope, the copy goes to
``<service>.parking`` with the error in its headers. Events no handler takes are acked
and logged. If the copy cannot be published the original is nacked and comes back
(the queue's ``x-delivery-limit`` parks a message that keeps coming back).

Batches: the deliveries that arrived while the previous batch ran (up to
``batch_size``, from a ``prefetch`` window) are handled in one transaction (batch.py); a
batch that fails is handled again one message at a time, so the rules above apply to each
message as if it had come alone. Acks follow the commit; a crash in between redelivers the
batch and the inbox rows make it a no-op.

Threads: pika connections are not thread-safe, and a handler that runs long must not
starve heartbeats. So the connection lives in the thread that calls :meth:`Consumer.run`
and only does I/O; batches run one at a time (in delivery order) on a single worker
thread, which hands the outcomes back with ``add_callback_threadsafe``; the connection
thread then republishes and acks. The handler thread's half is handling.py.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pika
import pika.exceptions

from crm_chassis.db.engine import Database
from crm_chassis.events import inbox as inbox_rows
from crm_chassis.events.backoff import Backoff
from crm_chassis.events.dispatch import Handlers, named_handlers
from crm_chassis.events.envelope import copy_properties
from crm_chassis.events.handling import EventHandling
from crm_chassis.events.outcome import Outcome, destination
from crm_chassis.events.schema import EventTables, default_tables
from crm_chassis.events.topology import (
    DEFAULT_DELIVERY_LIMIT,
    declare_service_queues,
    events_queue,
)
from crm_chassis.logging import get_logger
from crm_chassis.ops import metrics

log = get_logger("crm_chassis.events.consumer")

#: One delivery as the connection thread holds it: (method, properties, body).
_Delivery = tuple[Any, Any, bytes]


class Consumer(EventHandling):
    """Consumes ``<service>.events`` and runs ``handlers`` (keyed by type or pattern)."""

    def __init__(
        self,
        service: str,
        db: Database,
        amqp_url: str,
        exchange: str = "crm.events",
        handlers: Handlers | None = None,
        retry_delays: Sequence[float] = (1, 5, 30),
        *,
        tables: EventTables | None = None,
        prefetch: int = 100,
        batch_size: int = 50,
        batch_seconds: float = 0.05,
        delivery_limit: int = DEFAULT_DELIVERY_LIMIT,
        inbox_retention: timedelta = timedelta(days=30),
        inbox_purge_every: float = 3600.0,
        max_backoff: float = 30.0,
    ) -> None:
        if not handlers:
            raise ValueError("a consumer needs at least one handler")
        self.service = service
        self.db = db
        self.amqp_url = amqp_url
        self.exchange = exchange
        self.handlers = dict(handlers)
        self._named = named_handlers(self.handlers)
        self.retry_delays = list(retry_delays)
        self.inbox = (tables or default_tables()).inbox
        self.prefetch = prefetch
        self.batch_size = max(1, batch_size)
        self.batch_seconds = batch_seconds
        self.delivery_limit = delivery_limit
        self.inbox_retention = inbox_retention
        self.inbox_purge_every = inbox_purge_every
        self.max_backoff = max_backoff
        self._stop = threading.Event()
        self._generation = 0
        self._inflight = 0
        self._buffer: list[_Delivery] = []  # delivered, not yet handed to the handler thread
        self._busy = False  # a batch is on the handler thread
        self._dropped = False  # a delivery of this connection was left unacked on purpose
        self._executor: ThreadPoolExecutor | None = None
        self.ready = threading.Event()  # set while consuming (tests and probes wait on it)

    # -- lifecycle --------------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the loop to finish in-flight messages and return (thread-safe)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        """Consume until :meth:`stop`; reconnect with back-off whenever the broker fails."""
        backoff = Backoff(maximum=self.max_backoff)
        self._executor = ThreadPoolExecutor(1, thread_name_prefix=f"{self.service}-handler")
        log.info("consumer.started", service=self.service, queue=events_queue(self.service))
        try:
            while not self._stop.is_set():
                try:
                    self._consume_once(backoff)
                except (pika.exceptions.AMQPError, OSError) as exc:
                    delay = backoff.next_delay()
                    log.warning(
                        "consumer.broker_unavailable", error=repr(exc), retry_in=round(delay, 2)
                    )
                    self._stop.wait(delay)
                finally:
                    self.ready.clear()
        finally:
            self._executor.shutdown(wait=True)
            log.info("consumer.stopped", service=self.service)

    def _consume_once(self, backoff: Backoff) -> None:
        params = pika.URLParameters(self.amqp_url)
        params.client_properties = {"connection_name": f"{self.service}-consumer"}
        connection = pika.BlockingConnection(params)
        try:
            self._generation += 1
            generation = self._generation
            self._inflight, self._buffer, self._busy, self._dropped = 0, [], False, False
            channel = connection.channel()
            declare_service_queues(
                channel,
                self.service,
                self.exchange,
                self.handlers.keys(),
                self.retry_delays,
                delivery_limit=self.delivery_limit,
            )
            channel.basic_qos(prefetch_count=self.prefetch)
            publisher = connection.channel()
            publisher.confirm_delivery()
            dispatch = functools.partial(self._dispatch, generation, connection, channel, publisher)
            tag = channel.basic_consume(events_queue(self.service), self._on_message)
            self.ready.set()
            backoff.reset()
            log.info("consumer.connected", service=self.service)
            last_purge = last_depth = time.monotonic()
            while not self._stop.is_set():
                # Returns as soon as deliveries were dispatched to _on_message: what came in
                # one read forms the next batch (or waits for the running one to settle).
                connection.process_data_events(time_limit=0.2)
                dispatch()
                if time.monotonic() - last_depth > metrics.QUEUE_DEPTH_EVERY:
                    last_depth = metrics.observe_queues(channel, self.service)
                if time.monotonic() - last_purge > self.inbox_purge_every:
                    last_purge = time.monotonic()
                    assert self._executor is not None
                    self._executor.submit(self.purge_inbox)
            self._drain(connection, channel, tag)
        finally:
            self._generation += 1  # anything still queued for this connection is stale
            if connection.is_open:
                try:
                    connection.close()
                except pika.exceptions.AMQPError:
                    pass

    def _drain(self, connection: Any, channel: Any, tag: str) -> None:
        """Clean stop: no new deliveries, settle the batch the handler thread holds.

        Deliveries not handed over yet stay unacked: the broker requeues them on close.
        """
        channel.basic_cancel(tag)
        self._inflight -= len(self._buffer)
        self._buffer = []
        deadline = time.monotonic() + 30
        while self._inflight > 0 and time.monotonic() < deadline:
            connection.process_data_events(time_limit=0.1)

    # -- connection thread --------------------------------------------------------------------

    def _on_message(self, _ch: Any, method: Any, properties: Any, body: bytes) -> None:
        self._inflight += 1
        metrics.series().deliveries.labels(events_queue(self.service)).inc()
        self._buffer.append((method, properties, body))

    def _dispatch(self, generation: int, connection: Any, channel: Any, publisher: Any) -> None:
        """Hand the buffered deliveries (up to ``batch_size``) to the handler thread."""
        if self._busy or not self._buffer or self._stop.is_set():
            return
        if generation != self._generation:
            return
        assert self._executor is not None
        batch, self._buffer = self._buffer[: self.batch_size], self._buffer[self.batch_size :]
        self._busy = True
        future = self._executor.submit(
            self._process_batch, generation, [(p, b) for _, p, b in batch]
        )

        def hand_back(done: Future[list[Outcome]]) -> None:
            settle = functools.partial(
                self._settle_batch, generation, connection, channel, publisher, batch, done
            )
            try:
                connection.add_callback_threadsafe(settle)
            except Exception:  # noqa: BLE001 - connection gone: the broker redelivers
                log.warning("consumer.settle_lost", delivery_tag=batch[-1][0].delivery_tag)

        future.add_done_callback(hand_back)

    def _settle_batch(
        self,
        generation: int,
        connection: Any,
        channel: Any,
        publisher: Any,
        batch: list[_Delivery],
        done: Future[list[Outcome]],
    ) -> None:
        if generation != self._generation:
            return  # messages of a closed connection: the broker redelivers them
        self._busy = False
        self._inflight -= len(batch)
        if not channel.is_open:
            return
        try:
            outcomes = done.result()
        except Exception as exc:  # noqa: BLE001 - _process_batch catches; this is a last guard
            retry = Outcome("retry", error=repr(exc), error_type=type(exc).__name__)
            outcomes = [retry] * len(batch)
        if not self._dropped and all(o.action == "ack" for o in outcomes):
            # Every earlier delivery of this channel is settled: one ack covers the batch.
            channel.basic_ack(batch[-1][0].delivery_tag, multiple=True)
        else:
            for (method, properties, body), outcome in zip(batch, outcomes, strict=True):
                self._settle(channel, publisher, method, properties, body, outcome)
        self._dispatch(generation, connection, channel, publisher)

    def _settle(
        self,
        channel: Any,
        publisher: Any,
        method: Any,
        properties: Any,
        body: bytes,
        outcome: Outcome,
    ) -> None:
        tag = method.delivery_tag
        if outcome.action == "drop":
            self._dropped = True
            return
        if outcome.action == "ack":
            channel.basic_ack(tag)
            return
        target, headers = destination(self.service, self.retry_delays, outcome, properties)
        try:
            publisher.basic_publish(
                exchange="",
                routing_key=target,
                body=body,
                properties=copy_properties(properties, headers),
                mandatory=True,
            )
        except (pika.exceptions.UnroutableError, pika.exceptions.NackError) as exc:
            log.error("event.republish_failed", event_id=properties.message_id, error=repr(exc))
            channel.basic_nack(tag, requeue=True)
            return
        channel.basic_ack(tag)

    def purge_inbox(self) -> int:
        """Delete inbox rows older than the retention (redeliveries never come that late)."""
        return inbox_rows.purge(self.db, self.inbox, self.inbox_retention)
