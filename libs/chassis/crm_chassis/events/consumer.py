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

Threads: pika connections are not thread-safe, and a handler that runs long must not
starve heartbeats. So the connection lives in the thread that calls :meth:`Consumer.run`
and only does I/O; handlers run one at a time (in delivery order) on a single worker
thread, which hands the outcome back with ``add_callback_threadsafe``; the connection
thread then republishes and acks.
"""

from __future__ import annotations

import functools
import threading
import time
import traceback
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pika
import pika.exceptions
import sqlalchemy as sa
from opentelemetry import trace

from crm_chassis import context, tracing
from crm_chassis.db.engine import Database
from crm_chassis.db.unavailable import when_available
from crm_chassis.events.dispatch import Handler, Handlers, named_handlers, topic_matches
from crm_chassis.events.envelope import (
    ATTEMPT_HEADER,
    Envelope,
    MalformedEvent,
    copy_properties,
)
from crm_chassis.events.outcome import Outcome, attempt_of
from crm_chassis.events.relay import Backoff
from crm_chassis.events.schema import EventTables, default_tables
from crm_chassis.events.topology import (
    DEFAULT_DELIVERY_LIMIT,
    declare_service_queues,
    events_queue,
    parking_queue,
    retry_queue,
)
from crm_chassis.logging import bind, get_logger, unbind
from crm_chassis.ops import metrics

log = get_logger("crm_chassis.events.consumer")

_MAX_ERROR = 2000


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
        prefetch: int = 10,
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
        self.delivery_limit = delivery_limit
        self.inbox_retention = inbox_retention
        self.inbox_purge_every = inbox_purge_every
        self.max_backoff = max_backoff
        self._stop = threading.Event()
        self._generation = 0
        self._inflight = 0
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
            self._inflight = 0
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
            on_message = functools.partial(
                self._on_message, generation, connection, channel, publisher
            )
            tag = channel.basic_consume(events_queue(self.service), on_message)
            self.ready.set()
            backoff.reset()
            log.info("consumer.connected", service=self.service)
            last_purge = last_depth = time.monotonic()
            while not self._stop.is_set():
                connection.process_data_events(time_limit=0.2)
                if time.monotonic() - last_depth > metrics.QUEUE_DEPTH_EVERY:
                    last_depth = metrics.observe_queues(channel, self.service)
                if time.monotonic() - last_purge > self.inbox_purge_every:
                    last_purge = time.monotonic()
                    assert self._executor is not None
                    self._executor.submit(self.purge_inbox)
            # Clean stop: no new deliveries, settle what the handler thread still holds.
            channel.basic_cancel(tag)
            deadline = time.monotonic() + 30
            while self._inflight > 0 and time.monotonic() < deadline:
                connection.process_data_events(time_limit=0.1)
        finally:
            self._generation += 1  # anything still queued for this connection is stale
            if connection.is_open:
                try:
                    connection.close()
                except pika.exceptions.AMQPError:
                    pass

    # -- connection thread --------------------------------------------------------------------

    def _on_message(
        self,
        generation: int,
        connection: Any,
        channel: Any,
        publisher: Any,
        _ch: Any,
        method: Any,
        properties: Any,
        body: bytes,
    ) -> None:
        assert self._executor is not None
        self._inflight += 1
        metrics.series().deliveries.labels(events_queue(self.service)).inc()
        future = self._executor.submit(self._process, generation, properties, body)

        def hand_back(done: Future[Outcome]) -> None:
            settle = functools.partial(
                self._settle, generation, channel, publisher, method, properties, body, done
            )
            try:
                connection.add_callback_threadsafe(settle)
            except Exception:  # noqa: BLE001 - connection gone: the broker redelivers
                log.warning("consumer.settle_lost", delivery_tag=method.delivery_tag)

        future.add_done_callback(hand_back)

    def _settle(
        self,
        generation: int,
        channel: Any,
        publisher: Any,
        method: Any,
        properties: Any,
        body: bytes,
        done: Future[Outcome],
    ) -> None:
        if generation != self._generation:
            return  # a message of a closed connection: the broker redelivers it
        self._inflight -= 1
        if not channel.is_open:
            return
        try:
            outcome = done.result()
        except Exception as exc:  # noqa: BLE001 - _process catches; this is a last guard
            outcome = Outcome("retry", error=repr(exc), error_type=type(exc).__name__)
        tag = method.delivery_tag
        if outcome.action == "drop":
            return
        if outcome.action == "ack":
            channel.basic_ack(tag)
            return
        target, headers = self._destination(outcome, properties)
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

    def _destination(self, outcome: Outcome, properties: Any) -> tuple[str, dict[str, Any]]:
        """The queue a failed message goes to next (its retry tier, or parking) and its headers."""
        if outcome.action == "retry" and outcome.attempt <= len(self.retry_delays):
            delay = self.retry_delays[outcome.attempt - 1]
            log.warning(
                "event.retry_scheduled",
                event_id=properties.message_id,
                attempt=outcome.attempt,
                delay=delay,
                error=outcome.error_type,
            )
            metrics.series().retries.labels(events_queue(self.service)).inc()
            return retry_queue(self.service, delay), {
                ATTEMPT_HEADER: outcome.attempt + 1,
                "x-last-error": outcome.error,
                "x-last-error-type": outcome.error_type,
            }
        log.error(
            "event.parked",
            event_id=properties.message_id,
            attempt=outcome.attempt,
            error=outcome.error_type,
        )
        metrics.series().parked.labels(events_queue(self.service)).inc()
        return parking_queue(self.service), {
            ATTEMPT_HEADER: outcome.attempt,
            "x-error": outcome.error,
            "x-error-type": outcome.error_type,
            "x-parked-at": datetime.now(UTC).isoformat(),
            "x-parked-by": self.service,
            "x-last-error": None,
            "x-last-error-type": None,
        }

    # -- handler thread -----------------------------------------------------------------------

    def _process(self, generation: int, properties: Any, body: bytes) -> Outcome:
        """Run the matching handlers for one message in one transaction; never raises."""
        if generation != self._generation:
            return Outcome("drop")
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
        context.set_correlation(envelope.correlation_id or envelope.id, envelope.id)
        bind(
            event_id=envelope.id,
            event_type=envelope.type,
            correlation_id=context.correlation_id(),
        )
        # The relay's publish span (message header) is the parent; the envelope's (the
        # writing request's) when a message was published without one.
        headers = getattr(properties, "headers", None) or {}
        parent = tracing.extract(
            {"traceparent": headers.get("traceparent") or envelope.traceparent}
        )
        return self._handle(generation, envelope, matching, parent, attempt)

    def _handle(
        self,
        generation: int,
        envelope: Envelope,
        matching: list[tuple[str, Handler]],
        parent: Any,
        attempt: int,
    ) -> Outcome:
        """The handlers in their consumer span (the parent is the relay's publish span)."""
        # The outcome's log lines are written inside the span: they carry its trace id.
        with tracing.tracer("crm_chassis.events").start_as_current_span(
            f"{envelope.type} process", context=parent, kind=trace.SpanKind.CONSUMER
        ) as span:
            try:
                # A database outage is no fault of the event: spending the retry tiers on it
                # would park every event arriving while it is down. The message stays
                # unacked meanwhile, so later ones queue behind it in order.
                ran = when_available(
                    functools.partial(self._run_handlers, envelope, matching),
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

    def _run_handlers(self, envelope: Envelope, matching: list[tuple[str, Handler]]) -> list[str]:
        inbox = self.inbox
        ran: list[str] = []
        with self.db.transaction() as session:
            for key, handler in matching:
                seen = session.execute(
                    sa.select(inbox.c.event_id).where(
                        inbox.c.event_id == envelope.id, inbox.c.handler == key
                    )
                ).first()
                if seen:
                    continue
                # The inbox row goes first: a concurrent duplicate then waits on its key
                # (PostgreSQL) and fails, rolling back, instead of running the effect twice.
                session.execute(
                    inbox.insert().values(
                        event_id=envelope.id, handler=key, processed_at=datetime.now(UTC)
                    )
                )
                handler(session, envelope)
                ran.append(key)
        if not ran:
            log.info("event.duplicate_skipped")
        return ran

    def purge_inbox(self) -> int:
        """Delete inbox rows older than the retention (redeliveries never come that late)."""
        cutoff = datetime.now(UTC) - self.inbox_retention
        try:
            with self.db.transaction() as session:
                result = session.execute(
                    self.inbox.delete().where(self.inbox.c.processed_at < cutoff)
                )
        except sa.exc.SQLAlchemyError as exc:
            log.warning("inbox.purge_failed", error=repr(exc))
            return 0
        deleted = result.rowcount or 0
        if deleted:
            log.info("inbox.purged", deleted=deleted)
        return deleted
