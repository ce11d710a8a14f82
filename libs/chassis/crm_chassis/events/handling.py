"""The consumer's handler thread: read a batch of deliveries, run it, fall back to one each.

A batch of prepared events runs in one transaction (batch.py); if it rolls back, the events
up to the failing one are handled alone (:meth:`EventHandling._handle`), each in its own
transaction and consumer span, so a poison message is retried or parked as if it had come
alone. Both paths keep the inbox the same way (inbox.InboxBatch).

Logging: one ``consumer.batch_handled`` line per batch of deliveries (count, outcomes, event
types, first and last event id, trace ids, duration). Per event only what an operator has to
act on (``event.handler_failed``, ``event.unreadable``, ``event.malformed``,
``event.unhandled``); ``event.handled`` per event at debug (``<SERVICE>_LOG_LEVEL=DEBUG``):
one line per event was ~13 % of a busy worker's CPU samples.
"""

from __future__ import annotations

import functools
import threading
import time
import traceback
from collections import Counter
from typing import Any

from opentelemetry import trace

from crm_chassis import context, tracing
from crm_chassis.db.engine import Database
from crm_chassis.db.unavailable import when_available
from crm_chassis.events.batch import Prepared, debug_enabled, handle_batch
from crm_chassis.events.dispatch import topic_matches
from crm_chassis.events.envelope import Envelope, MalformedEvent
from crm_chassis.events.inbox import InboxBatch
from crm_chassis.events.outcome import Outcome, attempt_of
from crm_chassis.logging import bind, get_logger, unbind

log = get_logger("crm_chassis.events.consumer")

_MAX_ERROR = 2000


class EventHandling:
    """The handler-thread half of :class:`~crm_chassis.events.consumer.Consumer`."""

    db: Database
    inbox: Any
    batch_seconds: float
    max_backoff: float
    _named: list[tuple[str, str, Any]]
    _stop: threading.Event
    _generation: int

    def _process_batch(self, generation: int, deliveries: list[tuple[Any, bytes]]) -> list[Outcome]:
        """Outcomes of ``deliveries`` in order: one transaction if it commits, else one each."""
        if generation != self._generation:
            return [Outcome("drop")] * len(deliveries)
        started = time.perf_counter()
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
        result = [p if isinstance(p, Outcome) else outcomes[id(p)] for p in prepared]
        _log_batch(prepared, result, time.perf_counter() - started)
        return result

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
                if debug_enabled():
                    log.debug("event.handled", handlers=ran, attempt=attempt)
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
        # A batch of one: the same inbox rules as a batch (one read, the rows at the end).
        with self.db.transaction() as session:
            rows = InboxBatch(session, self.inbox, [envelope.id])
            ran = rows.run(envelope, matching)
            rows.flush()
            return ran


def _log_batch(prepared: list[Outcome | Prepared], outcomes: list[Outcome], took: float) -> None:
    """One line for a batch of deliveries (per-event lines only at debug or on trouble)."""
    envelopes = [p.envelope for p in prepared if isinstance(p, Prepared)]
    actions = Counter(o.action for o in outcomes)
    traces = {
        trace.get_current_span(p.parent).get_span_context().trace_id
        for p in prepared
        if isinstance(p, Prepared)
    }
    log.info(
        "consumer.batch_handled",
        count=len(outcomes),
        **{action: n for action, n in sorted(actions.items())},
        types=dict(Counter(e.type for e in envelopes)),
        first_event_id=envelopes[0].id if envelopes else None,
        last_event_id=envelopes[-1].id if envelopes else None,
        trace_ids=sorted(format(t, "032x") for t in traces if t),
        duration_ms=round(took * 1000, 1),
    )
