"""A tiny service for the event-bus tests: a ``notes`` table plus the event tables.

Shared by the test module (through conftest) and the consumer subprocess script.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from crm_chassis.events import Consumer, Envelope, EventTables, Outbox, add_event_tables

NOTE_ADDED = "tests.note.added.v1"
NOTE_ECHOED = "tests.note.echoed.v1"


class App:
    """Metadata, tables and handlers of the test service."""

    def __init__(self) -> None:
        self.metadata = sa.MetaData()
        self.notes = sa.Table(
            "notes",
            self.metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("event_id", sa.String(36), nullable=False),
            sa.Column("text", sa.String(200), nullable=False),
        )
        self.tables: EventTables = add_event_tables(self.metadata)

    def outbox(self, source: str = "tests") -> Outbox:
        return Outbox(source, self.tables)

    def add_note(self, session: sa.orm.Session, envelope: Envelope) -> None:
        """The effect of handling a note event: one row per handled event."""
        session.execute(
            self.notes.insert().values(event_id=envelope.id, text=envelope.data.get("text", ""))
        )

    def notes_for(self, db, event_id: str | None = None) -> list[str]:
        query = sa.select(self.notes.c.event_id)
        if event_id is not None:
            query = query.where(self.notes.c.event_id == event_id)
        with db.reading() as session:
            return [row[0] for row in session.execute(query)]


def note_consumer(
    service: str,
    db: Any,
    amqp_url: str,
    exchange: str,
    app: App,
    handlers: dict[str, Any] | None = None,
    delays: tuple[float, ...] = (0.2, 0.4),
    **options: Any,
) -> Consumer:
    """A consumer of the test service (its notes by default), quick to retry and back off."""
    return Consumer(
        service,
        db,
        amqp_url,
        exchange,
        handlers or {NOTE_ADDED: app.add_note},
        delays,
        tables=app.tables,
        max_backoff=1.0,
        **options,
    )
