"""Reads of h/tickets' tables the contracts and statistics need, and the facts writes.

- ``usage``: an account's tickets created in a contract period (time spent, count), one
  indexed aggregate (``ix_tickets_account_id_created_at``);
- ``closed_since``: tickets closed at or after a watermark without facts for that closing
  (``ix_tickets_closed_at``), with their first staff public comment;
- ``put``: facts written (replacing those of an earlier closing).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_support.adapters.contract_tables import ticket_facts, ticket_feedback
from crm_support.adapters.tables import ticket_comments, tickets
from crm_support.domain.contracts import Usage
from crm_support.domain.feedback import SurveyTicket
from crm_support.domain.ticket_facts import ClosedTicket, TicketFacts

#: A ticket closed just before the newest facts may commit after them (a slow transaction):
#: the recorder looks back this far behind its watermark.
LOOK_BACK = timedelta(hours=1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


class FactsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def usage(self, account_id: UUID, start: date, end: date) -> Usage:
        """Time spent and count of the account's tickets created from ``start`` to ``end``
        (whole UTC days, inclusive)."""
        t = tickets.c
        minutes, count = self.session.execute(
            sa.select(
                sa.func.coalesce(sa.func.sum(t.time_spent_minutes), 0), sa.func.count()
            ).where(
                t.account_id == account_id,
                t.created_at >= _midnight(start),
                t.created_at < _midnight(end + timedelta(days=1)),
            )
        ).one()
        return Usage(minutes=int(minutes), tickets=int(count))

    def closed_since(self, limit: int) -> list[ClosedTicket]:
        """Closed tickets whose facts are missing or of an earlier closing, oldest first."""
        t, f = tickets.c, ticket_facts.c
        watermark = self.session.execute(sa.select(sa.func.max(f.closed_at))).scalar()
        stmt = (
            sa.select(tickets, ticket_feedback.c.score)
            .outerjoin(ticket_facts, f.ticket_id == t.id)
            .outerjoin(ticket_feedback, ticket_feedback.c.ticket_id == t.id)
            .where(
                t.status == "Closed",
                t.closed_at.is_not(None),
                sa.or_(f.ticket_id.is_(None), f.closed_at != t.closed_at),
            )
            .order_by(t.closed_at, t.id)
            .limit(limit)
        )
        if watermark is not None:
            stmt = stmt.where(t.closed_at >= watermark - LOOK_BACK)
        found = self.session.execute(stmt).all()
        first = self._first_staff_replies([r.id for r in found])
        return [_closed(r, first.get(r.id)) for r in found]

    def _first_staff_replies(self, ids: list[UUID]) -> dict[UUID, datetime]:
        if not ids:
            return {}
        c = ticket_comments.c
        stmt = (
            sa.select(c.ticket_id, sa.func.min(c.created_at))
            .where(c.ticket_id.in_(ids), c.is_public.is_(True), c.author_kind == "staff")
            .group_by(c.ticket_id)
        )
        return {tid: _aware(at) for tid, at in self.session.execute(stmt)}

    def survey_ticket(self, ticket_id: UUID) -> SurveyTicket | None:
        return survey_ticket(self.session, ticket_id)

    def put(self, facts: list[TicketFacts]) -> None:
        if not facts:
            return
        ids = [f.ticket_id for f in facts]
        self.session.execute(sa.delete(ticket_facts).where(ticket_facts.c.ticket_id.in_(ids)))
        self.session.execute(sa.insert(ticket_facts), [asdict(f) for f in facts])


def _aware(value: Any) -> datetime:
    # min() over a UTCDateTime column comes back naive on SQLite.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _closed(row: Any, first_reply: datetime | None) -> ClosedTicket:
    return ClosedTicket(
        id=row.id,
        account_id=row.account_id,
        contact_id=row.contact_id,
        owner_id=row.owner_id,
        owner_kind=row.owner_kind,
        priority=row.priority,
        created_at=row.created_at,
        closed_at=row.closed_at,
        first_response_at=first_reply or row.first_response_at,
        score=row.score,
    )


def survey_ticket(session: Session, ticket_id: UUID) -> SurveyTicket | None:
    """The facts a survey needs of its ticket (h/tickets' row), or None."""
    row = session.execute(sa.select(tickets).where(tickets.c.id == ticket_id)).first()
    if row is None:
        return None
    return SurveyTicket(
        id=row.id,
        number=row.number,
        title=row.title,
        status=row.status,
        account_id=row.account_id,
        contact_id=row.contact_id,
        owner_id=row.owner_id,
        owner_kind=row.owner_kind,
        closed_at=row.closed_at,
    )
