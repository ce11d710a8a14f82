"""The consumer loop: inbox-deduplicated handling, retry tiers, parking.

For each message, in one database transaction: for every handler whose key matches the
event type and that has no inbox row for this event yet, insert the inbox row and run the
handler. Commit, then ack. So a redelivered event (crash before ack, relay republish)
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
thread then republishes and acks.
"""

from __future__ import annotations

import functools
import threading
import time
import traceback
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pika
import pika.exceptions
from opentelemetry import trace

from crm_chassis import context, tracing
from crm_chassis.db.engine import Database
from crm_chassis.db.unavailable import when_available
from crm_chassis.events import inbox as inbox_rows
from crm_chassis.events.batch import Prepared, handle_batch
from crm_chassis.events.dispatch import Handlers, named_handlers, topic_matches
from crm_chassis.events.envelope import Envelope, MalformedEvent, copy_properties
from crm_chassis.events.outcome import Outcome, attempt_of, destination
from crm_chassis.events.relay import Backoff
from crm_chassis.events.schema import EventTables, default_tables
from crm_chassis.events.topology import (
    DEFAULT_DELIVERY_LIMIT,
    declare_service_queues,
    events_queue,
)
from crm_chassis.logging import bind, get_logger, unbind
from crm_chassis.ops import metrics

log = get_logger("crm_chassis.events.consumer")

_MAX_ERROR = 2000

#: One delivery as the connection thread holds it: (method, properties, body).
_Delivery = tuple[Any, Any, bytes]


class Consumer:
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

    # -- handler thread -----------------------------------------------------------------------

    def _process_batch(self, generation: int, deliveries: list[tuple[Any, bytes]]) -> list[Outcome]:
        """Outcomes of ``deliveries`` in order: one transaction if it commits, else one each."""
        if generation != self._generation:
            return [Outcome("drop")] * len(deliveries)
        prepared = [self._prepare(properties, body) for properties, body in deliveries]
        ready = [p for p in prepared if isinstance(p, Prepared)]
        outcomes: dict[int, Outcome] = {}  # by id(): a Prepared's outcome once known
        while len(ready) > 1:
            batched = handle_batch(self.db, self.inbox, ready, self.batch_seconds)
            if batched.failed_at is None:
                taken = ready[: batched.taken]
                outcomes.update((id(p), Outcome("ack", attempt=p.attempt)) for p in taken)
            else:
                # Rolled back: those before the failing one, and it, alone (so it is retried
                # or parked by itself, as if it had come alone); the rest batched again.
                taken = ready[: batched.failed_at + 1]
                outcomes.update((id(p), self._handle(generation, p)) for p in taken)
            ready = ready[len(taken) :]
        for p in ready:
            outcomes[id(p)] = self._handle(generation, p)
        return [p if isinstance(p, Outcome) else outcomes[id(p)] for p in prepared]

    def _process(self, generation: int, properties: Any, body: bytes) -> Outcome:
        """One delivery alone (services' tests drive their handlers through this)."""
        return self._process_batch(generation, [(properties, body)])[0]

    def _prepare(self, properties: Any, body: bytes) -> Outcome | Prepared:
        """Read a delivery: its outcome when no handler will run, else what to run."""
        attempt = attempt_of(properties)
        try:
            envelope = Envelope.from_json(body)
        except MalformedEvent as exc:
            log.error("event.malformed", message_id=getattr(properties, "message_id", None))
            return Outcome("park", error=str(exc), error_type="MalformedEvent", attempt=attempt)
        matching = [(n, fn) for key, n, fn in self._named if topic_matches(key, envelope.type)]
        if not matching:
            log.warning("event.unhandled", event_id=envelope.id, event_type=envelope.type)
            return Outcome("ack")
        # The relay's publish span (message header) is the parent; the envelope's (the
        # writing request's) when a message was published without one.
        headers = getattr(properties, "headers", None) or {}
        parent = tracing.extract(
            {"traceparent": headers.get("traceparent") or envelope.traceparent}
        )
        return Prepared(envelope, matching, parent, attempt)

    def _handle(self, generation: int, item: Prepared) -> Outcome:
        """One event's handlers in their own transaction and consumer span; never raises."""
        envelope, attempt = item.envelope, item.attempt
        context.set_correlation(envelope.correlation_id or envelope.id, envelope.id)
        bind(
            event_id=envelope.id,
            event_type=envelope.type,
            correlation_id=context.correlation_id(),
        )
        # The outcome's log lines are written inside the span: they carry its trace id.
        with tracing.tracer("crm_chassis.events").start_as_current_span(
            f"{envelope.type} process", context=item.parent, kind=trace.SpanKind.CONSUMER
        ) as span:
            try:
                # A database outage is no fault of the event: spending the retry tiers on it
                # would park every event arriving while it is down. The message stays
                # unacked meanwhile, so later ones queue behind it in order.
                ran = when_available(
                    functools.partial(self._run_handlers, envelope, item.matching),
                    wait=lambda delay: self._stop.wait(delay) or generation != self._generation,
                    max_delay=min(self.max_backoff, 5.0),
                )
                if ran is None:
                    return Outcome("drop")  # stopping or reconnected: the broker redelivers it
                log.info("event.handled", handlers=ran, attempt=attempt)
                return Outcome("ack", attempt=attempt)
            except MalformedEvent as exc:
                # A payload that does not fit its reader never will: retrying only delays it.
                span.set_status(trace.StatusCode.ERROR, "unreadable payload")
                error = str(exc)[:_MAX_ERROR]
                log.error("event.unreadable", error=error, attempt=attempt)
                return Outcome("park", error=error, error_type=type(exc).__name__, attempt=attempt)
            except Exception as exc:  # noqa: BLE001 - any handler failure is retried
                span.record_exception(exc)
                span.set_status(trace.StatusCode.ERROR, type(exc).__name__)
                error = "".join(traceback.format_exception_only(exc)).strip()[:_MAX_ERROR]
                log.warning("event.handler_failed", error=error, attempt=attempt)
                return Outcome("retry", error=error, error_type=type(exc).__name__, attempt=attempt)
            finally:
                unbind("event_id", "event_type", "correlation_id")
                context.clear()

    def _run_handlers(self, envelope: Envelope, matching: list[tuple[str, Any]]) -> list[str]:
        with self.db.transaction() as session:
            return inbox_rows.run_handlers(session, self.inbox, envelope, matching)

    def purge_inbox(self) -> int:
        """Delete inbox rows older than the retention (redeliveries never come that late)."""
        return inbox_rows.purge(self.db, self.inbox, self.inbox_retention)
