"""Write integration events into the outbox, inside the caller's transaction.

This is the only way a service emits an event: the row commits or rolls back with the
state change it describes, and the relay publishes it later. Nothing here talks to the
broker, so request handlers never publish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from google.protobuf.message import Message
from sqlalchemy.orm import Session

from crm_chassis import context, tracing
from crm_chassis.db.bulk import insert_many
from crm_chassis.events.envelope import Envelope
from crm_chassis.events.notify import channel_for, notify_on_commit
from crm_chassis.events.schema import EventTables, default_tables


class OutgoingEvent(NamedTuple):
    """An integration event to publish: its type, its subject (aggregate id) and its data."""

    type: str
    subject: str
    data: dict[str, Any] | Message | None


class Outbox:
    """The outbox of one service (``source``), writing to its ``outbox`` table.

    An envelope can be built before the transaction (:meth:`envelope`) and written in it
    later (:meth:`write`): on SQLite a write transaction holds the file's one write lock
    (crm_chassis.db.write_gate), so what is done before it is not done while others wait.
    """

    def __init__(self, source: str, tables: EventTables | None = None) -> None:
        self.source = source
        self.table = (tables or default_tables()).outbox
        self.channel = channel_for(self.table)
        # One statement, values bound per call: built with .values(**row) it was a new
        # statement each time, its values coerced and its cache key computed again.
        self._insert = self.table.insert()

    def envelope(
        self,
        *,
        type: str,
        subject: str,
        data: dict[str, Any] | Message | None = None,
        event_id: str | None = None,
        time: datetime | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> Envelope:
        """Build an event's envelope (no database): for :meth:`write`, now or later.

        Correlation and causation ids default to the current context (set by the HTTP,
        gRPC or event entrypoint), the traceparent to the current span.
        """
        return Envelope.build(
            type=type,
            source=self.source,
            subject=subject,
            data=data,
            id=event_id,
            time=time,
            correlation_id=correlation_id or context.correlation_id(),
            causation_id=causation_id or context.causation_id(),
            traceparent=tracing.current_traceparent(),
        )

    def write(self, session: Session, envelopes: Sequence[Envelope]) -> None:
        """Insert built envelopes in ``session``'s transaction, in their order (the relay
        publishes by insertion order); many at once set at a time (COPY on PostgreSQL)."""
        if not envelopes:
            return
        now = datetime.now(UTC)
        rows = [
            {
                "id": e.id,
                "type": e.type,
                "subject": e.subject,
                "body": e.to_json(),
                "created_at": now,
                "attempts": 0,
            }
            for e in envelopes
        ]
        if len(rows) == 1:
            session.execute(self._insert, rows[0])
        else:
            insert_many(session, self.table, rows)
        # On PostgreSQL the relay wakes when this transaction commits (notify.py).
        notify_on_commit(session, self.channel)

    def add(
        self,
        session: Session,
        *,
        type: str,
        subject: str,
        data: dict[str, Any] | Message | None = None,
        event_id: str | None = None,
        time: datetime | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> Envelope:
        """Record an event in ``session``'s transaction and return its envelope."""
        envelope = self.envelope(
            type=type,
            subject=subject,
            data=data,
            event_id=event_id,
            time=time,
            correlation_id=correlation_id,
            causation_id=causation_id,
        )
        self.write(session, [envelope])
        return envelope

    def add_many(self, session: Session, events: Iterable[OutgoingEvent]) -> list[Envelope]:
        """Record many events in one set-at-a-time insert (imports, replays)."""
        envelopes = self.envelopes(events)
        self.write(session, envelopes)
        return envelopes

    def envelopes(self, events: Iterable[OutgoingEvent]) -> list[Envelope]:
        """Build the envelopes of many events (one time, one context) for :meth:`write`."""
        now = datetime.now(UTC)
        correlation, causation = context.correlation_id(), context.causation_id()
        traceparent = tracing.current_traceparent()
        return [
            Envelope.build(
                type=event.type,
                source=self.source,
                subject=event.subject,
                data=event.data,
                time=now,
                correlation_id=correlation,
                causation_id=causation,
                traceparent=traceparent,
            )
            for event in events
        ]


#: Turns one domain event into the integration event to publish, or None to keep it inside.
Translate = Callable[[Any], OutgoingEvent | tuple[str, str, Any] | None]


class OutboxRecorder:
    """A unit of work's event recorder: each domain event to the outbox, translated first."""

    def __init__(self, outbox: Outbox, translate: Translate) -> None:
        self.outbox = outbox
        self.translate = translate

    def __call__(self, session: Session, event: Any) -> None:
        found = self.translate(event)
        if found is not None:
            type_, subject, data = found
            self.outbox.add(session, type=type_, subject=subject, data=data)

    def record_many(self, session: Session, events: Iterable[Any]) -> None:
        """Record a batch of domain events with one insert."""
        self.outbox.write(session, self.prepare(events))

    def prepare(self, events: Iterable[Any]) -> list[Envelope]:
        """Translate domain events and build their envelopes now, before the transaction
        that will :meth:`write` them (nothing here touches the database)."""
        translated = (self.translate(e) for e in events)
        return self.outbox.envelopes([OutgoingEvent(*t) for t in translated if t is not None])

    def write(self, session: Session, envelopes: Sequence[Envelope]) -> None:
        """Write envelopes built by :meth:`prepare` in ``session``'s transaction."""
        self.outbox.write(session, envelopes)
