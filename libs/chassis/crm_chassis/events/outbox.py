"""Write integration events into the outbox, inside the caller's transaction.

This is the only way a service emits an event: the row commits or rolls back with the
state change it describes, and the relay publishes it later. Nothing here talks to the
broker, so request handlers never publish.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from google.protobuf.message import Message
from sqlalchemy.orm import Session

from crm_chassis import context, tracing
from crm_chassis.events.envelope import Envelope
from crm_chassis.events.schema import EventTables, default_tables


class Outbox:
    """The outbox of one service (``source``), writing to its ``outbox`` table."""

    def __init__(self, source: str, tables: EventTables | None = None) -> None:
        self.source = source
        self.table = (tables or default_tables()).outbox

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
        return envelope
