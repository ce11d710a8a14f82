"""Read a service's outbox (backlog, oldest unpublished) and mark an event for re-publishing.

The outbox table is the chassis' (crm_chassis.events.schema), the same in every service.
Re-publishing clears ``published_at``: the service's relay then publishes the row again,
as it would any unpublished row; consumers deduplicate on the event id (their inbox), so a
consumer that already handled it does nothing, and one that missed it handles it now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from crm_chassis.events.schema import default_tables


@dataclass(frozen=True)
class Backlog:
    """What the relay has still to publish."""

    unpublished: int
    oldest_age_seconds: float | None
    failing: int


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url, poolclass=sa.pool.NullPool)


def backlog(url: str, now: datetime | None = None) -> Backlog:
    """Count the unpublished rows, the age of the oldest, and rows with a last error."""
    t = default_tables().outbox
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            query = sa.select(
                sa.func.count(), sa.func.min(t.c.created_at), sa.func.count(t.c.last_error)
            ).where(t.c.published_at.is_(None))
            count, oldest, failing = conn.execute(query).one()
    finally:
        engine.dispose()
    age = None
    if oldest is not None:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
        age = max(0.0, ((now or datetime.now(UTC)) - oldest).total_seconds())
    return Backlog(int(count), age, int(failing))


def republish(url: str, event_id: str) -> bool:
    """Mark the outbox row of ``event_id`` unpublished again; False when there is none."""
    t = default_tables().outbox
    engine = _engine(url)
    try:
        with engine.begin() as conn:
            done = conn.execute(
                t.update()
                .where(t.c.id == event_id)
                .values(published_at=None, last_error=None, attempts=0)
            )
    finally:
        engine.dispose()
    return done.rowcount > 0


def find(url: str, event_id: str) -> dict[str, object] | None:
    """Return the outbox row of ``event_id`` (without its body), or None."""
    t = default_tables().outbox
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                sa.select(t.c.id, t.c.type, t.c.subject, t.c.created_at, t.c.published_at).where(
                    t.c.id == event_id
                )
            ).first()
    finally:
        engine.dispose()
    return dict(row._mapping) if row is not None else None
