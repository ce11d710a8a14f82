"""Write integration events into the outbox, inside the caller's transaction.

This is the only way a service emits an event: the row commits or rolls back with the
state change it describes, and the relay publishes it later. Nothing here talks to the
broker, so request handlers never publish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    """The outbox of one service (``source``), writing to its ``outbox`` table."""

    def __init__(self, source: str, tables: EventTables | None = None) -> None:
        self.source = source
        self.table = (tables or default_tables()).outbox
        self.channel = channel_for(self.table)

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
        """Record an event in ``session``'s transaction and return its envelope.

        Correlation and causation ids default to the current context (set by the HTTP,
        gRPC or event entrypoint), the traceparent to the current span.
        """
        now = datetime.now(UTC)
        envelope = Envelope.build(
            type=type,
            source=self.source,
            subject=subject,
            data=data,
            id=event_id,
            time=time or now,
            correlation_id=correlation_id or context.correlation_id(),
            causation_id=causation_id or context.causation_id(),
            traceparent=tracing.current_traceparent(),
        )
        session.execute(
            self.table.insert().values(
                id=envelope.id,
                type=envelope.type,
                subject=envelope.subject,
                body=envelope.to_json(),
                created_at=now,
                attempts=0,
            )
        )
        # On PostgreSQL the relay wakes when this transaction commits (notify.py).
        notify_on_commit(session, self.channel)
        return envelope

    def add_many(self, session: Session, events: Iterable[OutgoingEvent]) -> list[Envelope]:
        """Record many events in one set-at-a-time insert (imports, replays)."""
        now = datetime.now(UTC)
        correlation, causation = context.correlation_id(), context.causation_id()
        traceparent = tracing.current_traceparent()
        envelopes = [
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
        insert_many(
            session,
            self.table,
            [
                {
                    "id": e.id,
                    "type": e.type,
                    "subject": e.subject,
                    "body": e.to_json(),
                    "created_at": now,
                    "attempts": 0,
                }
                for e in envelopes
            ],
        )
        if envelopes:
            notify_on_commit(session, self.channel)
        return envelopes


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
        translated = (self.translate(e) for e in events)
        self.outbox.add_many(session, [OutgoingEvent(*t) for t in translated if t is not None])
