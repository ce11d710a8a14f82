"""The outbox relay: publish committed outbox rows, in order, with batched confirms.

One pass (:meth:`Relay.publish_pending`):

1. a cheap read checks whether anything is unpublished (on SQLite this keeps the relay
   from taking the write lock every poll when idle);
2. up to ``batch_size`` unpublished rows ordered by ``seq`` are read: on PostgreSQL
   claimed in a write transaction (``FOR UPDATE SKIP LOCKED``, so several relays share
   the work; global order across relays is then only approximate); on SQLite read in a
   read transaction, since its one write lock held through step 3 stalls every writer;
3. the batch is published and all confirms awaited together;
4. acked rows get ``published_at``; nacked rows an attempt count and ``last_error``;
   the (on SQLite: short, separate) write transaction commits.

A crash or broker failure between 3 and 4 rolls the claim back and the rows are
published again later: delivery is at-least-once, and consumers deduplicate on the event
id through their inbox. A row is never skipped: only ``published_at`` marks it done.
On PostgreSQL the claiming transaction is held while confirms arrive (milliseconds;
bounded by ``confirm_timeout``); its row locks delay no other writer.

Between passes the relay sleeps ``poll_seconds``, woken early by a commit (wake.py:
PostgreSQL's NOTIFY, SQLite's WAL written); reconnects back off (backoff.py).
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from opentelemetry import trace

from crm_chassis import tracing
from crm_chassis.db.engine import Database
from crm_chassis.db.write_gate import WriteGate, sqlite_path
from crm_chassis.events.backoff import Backoff
from crm_chassis.events.envelope import Envelope, MalformedEvent
from crm_chassis.events.notify import Listener, channel_for
from crm_chassis.events.publisher import ConfirmingPublisher, Outgoing, PublishError
from crm_chassis.events.schema import EventTables, default_tables
from crm_chassis.events.topology import declare_exchange
from crm_chassis.events.wake import Wake
from crm_chassis.logging import get_logger
from crm_chassis.ops import metrics

log = get_logger("crm_chassis.events.relay")


#: Prefix of ``last_error`` for a row whose body is not an envelope (only a hand-edited row
#: can be). Such rows stay unpublished for an operator to fix, and are left out of claims
#: so that they cannot stall the relay.
_MALFORMED = "malformed: "


def _tracer() -> trace.Tracer:
    return tracing.tracer("crm_chassis.events")


def _not_malformed(t: sa.Table) -> sa.ColumnElement[bool]:
    return sa.or_(t.c.last_error.is_(None), sa.not_(t.c.last_error.startswith(_MALFORMED)))


#: Longest wait before the relay tries a database that was unavailable again (seconds).
DATABASE_RETRY_MAX = 5.0


@dataclass(frozen=True)
class _Sent:
    """What the broker made of a batch: confirmed and refused rows, and malformed ones."""

    acked: list[int]
    nacked: list[int]
    bad: list[tuple[list[int], str]]


class Relay:
    """Publishes a service's outbox to the events exchange until stopped."""

    def __init__(
        self,
        db: Database,
        amqp_url: str,
        exchange: str = "crm.events",
        *,
        tables: EventTables | None = None,
        batch_size: int = 200,
        poll_seconds: float = 0.2,
        retention: timedelta = timedelta(days=7),
        cleanup_every: float = 300.0,
        confirm_timeout: float = 30.0,
        name: str = "crm-relay",
        max_backoff: float = 30.0,
        wake_check_seconds: float = 0.01,
    ) -> None:
        self.db = db
        self.amqp_url = amqp_url
        self.exchange = exchange
        self.table = (tables or default_tables()).outbox
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.retention = retention
        self.cleanup_every = cleanup_every
        self.confirm_timeout = confirm_timeout
        self.name = name
        self.max_backoff = max_backoff
        self._stop = threading.Event()
        self._wake = Wake(db, channel_for(self.table), self._stop, wake_check_seconds)
        self._publisher: ConfirmingPublisher | None = None
        self._last_cleanup = 0.0
        self._relay_gate: WriteGate | None = None
        self.published_total = 0
        #: monotonic time of the loop's last pass (the worker's readiness looks at it)
        self.last_tick = 0.0

    # -- lifecycle --------------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the loop to finish its current batch and return (thread-safe)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def healthy(self, within: float = 15.0) -> bool:
        """Connected to the broker and looped within ``within`` seconds (readiness)."""
        publisher = self._publisher
        connected = publisher is not None and publisher.is_open
        return connected and time.monotonic() - self.last_tick < within

    def run(self) -> None:
        """Publish until :meth:`stop`; reconnect with back-off whenever the broker fails."""
        backoff = Backoff(maximum=self.max_backoff)
        log.info("relay.started", exchange=self.exchange)
        self._wake.start()
        try:
            self._loop(backoff)
        finally:
            self._wake.stop()
        self._disconnect()
        log.info("relay.stopped", published=self.published_total)

    def _loop(self, backoff: Backoff) -> None:
        while not self._stop.is_set():
            try:
                self._connect()
                backoff.reset()
                while not self._stop.is_set():
                    self.last_tick = time.monotonic()
                    # Before the pass: a commit during the pass still wakes the sleep.
                    self._wake.arm()
                    count = self.publish_pending()
                    self._maybe_clean_up()
                    if count < self.batch_size:
                        self._wake.sleep(self.poll_seconds, self._serve)
            except (PublishError, OSError) as exc:
                delay = backoff.next_delay()
                log.warning("relay.broker_unavailable", error=str(exc), retry_in=round(delay, 2))
                self._disconnect()
                self._stop.wait(delay)
            except (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError) as exc:
                # A database back from an outage is noticed within seconds (a poll is one
                # cheap read), not after the broker's long back-off.
                delay = min(backoff.next_delay(), DATABASE_RETRY_MAX)
                log.warning("relay.database_unavailable", error=str(exc), retry_in=round(delay, 2))
                self._stop.wait(delay)
            except Exception:
                # An unknown failure must not end the worker's relay thread for good.
                delay = backoff.next_delay()
                log.exception("relay.failed", retry_in=round(delay, 2))
                self._disconnect()
                self._stop.wait(delay)

    # -- one pass ---------------------------------------------------------------------------

    def publish_pending(self) -> int:
        """Publish one batch of unpublished rows; return how many the broker confirmed."""
        if not self._has_unpublished():
            return 0
        if self._publisher is None or not self._publisher.is_open:
            self._connect()
        if self.db.dialect == "postgresql":
            with self.db.transaction() as session:
                # The claim (row locks, SKIP LOCKED) lets several relays share the work;
                # it blocks no inserting writer, so it may span the confirms.
                rows = session.execute(self._batch().with_for_update(skip_locked=True)).all()
                return self._record(session, self._send(rows))
        # SQLite has one write lock per file: holding it through the confirms stalled every
        # writer of the service. Relays of one file take turns on a lock of their own
        # instead; each reads its batch, publishes and awaits the confirms with no write
        # transaction open, then marks the batch in a short one (a crash in between
        # republishes; consumers' inboxes deduplicate). The confirms used to be awaited
        # inside the write transaction: sales' gate held 27-46 ms per batch for 3 ms of CPU.
        with self._turn():
            with self.db.reading() as session:
                rows = session.execute(self._batch()).all()
            if not rows:
                return 0
            sent = self._send(rows)
            with self.db.transaction() as session:
                return self._record(session, sent)

    def _turn(self) -> contextlib.AbstractContextManager[None]:
        path = sqlite_path(self.db.url)
        if path is None:
            return contextlib.nullcontext()
        if self._relay_gate is None:
            self._relay_gate = WriteGate(path, suffix="-relay")
        return self._relay_gate.held()

    def _batch(self) -> sa.Select[Any]:
        t = self.table
        return (
            sa.select(t.c.seq, t.c.id, t.c.body)
            .where(t.c.published_at.is_(None), _not_malformed(t))
            .order_by(t.c.seq)
            .limit(self.batch_size)
        )

    def _send(self, rows: Any) -> _Sent:
        """Publish ``rows`` and await the broker's confirms (no transaction needed)."""
        if not rows:
            return _Sent([], [], [])
        assert self._publisher is not None
        messages, bad, spans = self._messages(rows)
        try:
            results = self._publisher.publish(
                [m for _, m in messages], timeout=self.confirm_timeout
            )
        finally:
            for span in spans:
                span.end()
        acked = [seq for (seq, _), ok in zip(messages, results, strict=True) if ok]
        nacked = [seq for (seq, _), ok in zip(messages, results, strict=True) if not ok]
        return _Sent(acked, nacked, bad)

    def _record(self, session: Any, sent: _Sent) -> int:
        """Mark what the broker confirmed published, and count the failures, in ``session``."""
        t = self.table
        now = datetime.now(UTC)
        acked, nacked, bad = sent.acked, sent.nacked, sent.bad
        if not (acked or nacked or bad):
            return 0
        if acked:
            session.execute(
                t.update()
                .where(t.c.seq.in_(acked))
                .values(published_at=now, attempts=t.c.attempts + 1, last_error=None)
            )
        for seqs, error in ((nacked, "nacked by broker"), *bad):
            if seqs:
                session.execute(
                    t.update()
                    .where(t.c.seq.in_(seqs))
                    .values(attempts=t.c.attempts + 1, last_error=error)
                )
        self.published_total += len(acked)
        metrics.series().published.inc(len(acked))
        log.info("outbox.published", count=len(acked), nacked=len(nacked))
        return len(acked)

    def _messages(
        self, rows: Any
    ) -> tuple[list[tuple[int, Outgoing]], list[tuple[list[int], str]], list[Any]]:
        """The rows as messages, the malformed ones, and one publish span per message.

        Each span is a child of the request that wrote the row (its stored traceparent),
        and the message carries the span's own traceparent: the consumer's span is its
        child, so one trace runs request -> relay -> consumer.
        """
        messages: list[tuple[int, Outgoing]] = []
        bad: list[tuple[list[int], str]] = []
        spans: list[Any] = []
        for seq, event_id, body in rows:
            try:
                envelope = Envelope.from_json(body)
            except MalformedEvent as exc:
                # Only a hand-edited row can get here; publishing it would poison consumers.
                log.error("outbox.malformed_row", event_id=event_id, error=str(exc))
                bad.append(([seq], f"{_MALFORMED}{exc}"))
                continue
            span = _tracer().start_span(
                f"{envelope.type} publish",
                context=tracing.extract({"traceparent": envelope.traceparent}),
                kind=trace.SpanKind.PRODUCER,
                attributes={"messaging.system": "rabbitmq", "messaging.message.id": event_id},
            )
            spans.append(span)
            headers = tracing.inject({}, trace.set_span_in_context(span))
            properties = envelope.properties(headers={"traceparent": headers.get("traceparent")})
            messages.append(
                (seq, Outgoing(self.exchange, envelope.type, body.encode(), properties))
            )
        return messages, bad, spans

    def _has_unpublished(self) -> bool:
        t = self.table
        with self.db.reading() as session:
            query = sa.select(t.c.seq).where(t.c.published_at.is_(None), _not_malformed(t)).limit(1)
            return session.execute(query).first() is not None

    def delete_published(self, older_than: timedelta | None = None) -> int:
        """Delete rows published before now - ``older_than`` (default: the retention)."""
        cutoff = datetime.now(UTC) - (older_than if older_than is not None else self.retention)
        t = self.table
        with self.db.transaction() as session:
            result = session.execute(
                t.delete().where(t.c.published_at.is_not(None), t.c.published_at < cutoff)
            )
        deleted = result.rowcount or 0
        if deleted:
            log.info("outbox.cleaned", deleted=deleted)
        return deleted

    # -- internals --------------------------------------------------------------------------

    def _maybe_clean_up(self) -> None:
        now = time.monotonic()
        if now - self._last_cleanup >= self.cleanup_every:
            self._last_cleanup = now
            self.delete_published()

    def _connect(self) -> None:
        self._disconnect()
        publisher = ConfirmingPublisher(self.amqp_url, connection_name=self.name)
        try:
            publisher.open(declare=lambda channel: declare_exchange(channel, self.exchange))
        except Exception:
            publisher.close()
            raise
        self._publisher = publisher
        log.info("relay.connected")

    def _disconnect(self) -> None:
        if self._publisher is not None:
            self._publisher.close()
            self._publisher = None

    @property
    def _listener(self) -> Listener | None:
        """What wakes the idle relay on PostgreSQL (None on SQLite: the WAL's stat poll)."""
        return self._wake.source

    def _serve(self, seconds: float) -> None:
        if self._publisher is not None:
            self._publisher.sleep(seconds)
        else:
            self._stop.wait(seconds)
