"""Repositories of tickets and their threads over one session (writes go through these).

A ticket is read FOR UPDATE (PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE)
and its update is conditional on the version read, so two concurrent changes of one
ticket cannot both win. New history entries are appended with the ticket.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_chassis.errors import Conflict
from crm_support.adapters import rows
from crm_support.adapters import tables as t
from crm_support.domain.assignment import AssignmentRule
from crm_support.domain.comments import Attachment, Comment
from crm_support.domain.tickets import OPEN_STATUSES, Ticket


class ConcurrentUpdate(Conflict):
    def __init__(self, record_id: object) -> None:
        super().__init__(f"Ticket {record_id} was changed concurrently; try again.")


class TicketRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: list[Ticket] = []
        self._loaded: dict[UUID, int] = {}

    def get(self, ticket_id: UUID, *, lock: bool = True) -> Ticket | None:
        stmt = sa.select(t.tickets).where(t.tickets.c.id == ticket_id)
        row = self.session.execute(stmt.with_for_update() if lock else stmt).first()
        if row is None:
            return None
        ticket: Ticket = rows.build(Ticket, row)
        self.seen.append(ticket)
        self._loaded[ticket.id] = ticket.version
        return ticket

    def add(self, ticket: Ticket) -> None:
        data = rows.values(ticket, t.tickets, search_text=ticket.search_text.lower())
        self.session.execute(sa.insert(t.tickets).values(**data))
        self._loaded[ticket.id] = ticket.version
        self._write_history(ticket)
        self.seen.append(ticket)

    def save(self, ticket: Ticket) -> None:
        loaded = self._loaded.get(ticket.id)
        if loaded is None or loaded == ticket.version:
            self._write_history(ticket)
            return
        data = rows.values(ticket, t.tickets, search_text=ticket.search_text.lower())
        data.pop("id"), data.pop("created_at")
        result = self.session.execute(
            sa.update(t.tickets)
            .where(t.tickets.c.id == ticket.id, t.tickets.c.version == loaded)
            .values(**data)
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(ticket.id)
        self._loaded[ticket.id] = ticket.version
        self._write_history(ticket)

    def _write_history(self, ticket: Ticket) -> None:
        if not ticket.history:
            return
        entries = [
            {
                "ticket_id": ticket.id,
                "field": h.field,
                "old_value": h.old_value,
                "new_value": h.new_value,
                "changed_at": h.changed_at,
                "changed_by": h.changed_by,
                "reason": (h.reason or None) and h.reason[:500],
            }
            for h in ticket.history
        ]
        self.session.execute(sa.insert(t.ticket_history), entries)
        ticket.history.clear()

    def ids_of_accounts(self, account_ids: Iterable[UUID]) -> list[UUID]:
        wanted = list(account_ids)
        if not wanted:
            return []
        stmt = sa.select(t.tickets.c.id).where(t.tickets.c.account_id.in_(wanted))
        return list(self.session.execute(stmt.order_by(t.tickets.c.id)).scalars())

    def open_load(self, owner_ids: Iterable[str]) -> dict[str, int]:
        """Open tickets per user among ``owner_ids`` (round robin gives the least loaded)."""
        wanted = [UUID(o) for o in owner_ids]
        if not wanted:
            return {}
        c = t.tickets.c
        stmt = (
            sa.select(c.owner_id, sa.func.count())
            .where(c.owner_id.in_(wanted), c.status.in_(OPEN_STATUSES))
            .group_by(c.owner_id)
        )
        found = {str(owner): int(n) for owner, n in self.session.execute(stmt)}
        return {o: found.get(o, 0) for o in map(str, wanted)}


class ThreadRepository:
    """Comments and attachments (append-only; their ticket records the events)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_comment(self, comment: Comment) -> None:
        self.session.execute(
            sa.insert(t.ticket_comments).values(**rows.values(comment, t.ticket_comments))
        )

    def comment(self, ticket_id: UUID, comment_id: UUID) -> Comment | None:
        c = t.ticket_comments.c
        stmt = sa.select(t.ticket_comments).where(c.id == comment_id, c.ticket_id == ticket_id)
        row = self.session.execute(stmt).first()
        return None if row is None else rows.build(Comment, row)

    def by_message_id(self, message_id: str) -> Comment | None:
        c = t.ticket_comments.c
        row = self.session.execute(
            sa.select(t.ticket_comments).where(c.message_id == message_id).limit(1)
        ).first()
        return None if row is None else rows.build(Comment, row)

    def add_attachment(self, attachment: Attachment, content: bytes) -> None:
        data = rows.values(attachment, t.ticket_attachments, content=content)
        self.session.execute(sa.insert(t.ticket_attachments).values(**data))


class Counters:
    """Gap-free ticket numbers: the year's row is incremented inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def next(self, year: int) -> int:
        c = t.ticket_counters
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert(c) if dialect == "postgresql" else sqlite.insert(c)
        self.session.execute(
            insert.values(year=year, value=0).on_conflict_do_nothing(index_elements=["year"])
        )
        # The UPDATE takes the row lock; concurrent creators queue here until we commit, and
        # a rolled-back creation gives its number back with it.
        self.session.execute(sa.update(c).where(c.c.year == year).values(value=c.c.value + 1))
        return int(self.session.execute(sa.select(c.c.value).where(c.c.year == year)).scalar_one())


class SettingsRepository:
    """Administrators' ticket settings, one JSON value per key."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> Any:
        s = t.ticket_settings
        return self.session.execute(sa.select(s.c.value).where(s.c.key == key)).scalar()

    def put(self, key: str, value: Any, *, now: Any, by: str) -> None:
        s = t.ticket_settings
        done = self.session.execute(
            sa.update(s).where(s.c.key == key).values(value=value, updated_at=now, updated_by=by)
        )
        if done.rowcount == 0:
            self.session.execute(
                sa.insert(s).values(key=key, value=value, updated_at=now, updated_by=by)
            )


class RuleRepository:
    """Assignment rules (administrators' configuration)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self, *, lock: bool = False) -> list[AssignmentRule]:
        r = t.ticket_assignment_rules
        stmt = sa.select(r).order_by(r.c.priority, r.c.name, r.c.id)
        found = self.session.execute(stmt.with_for_update() if lock else stmt).all()
        return [_rule(row) for row in found]

    def get(self, rule_id: UUID) -> AssignmentRule | None:
        r = t.ticket_assignment_rules
        row = self.session.execute(sa.select(r).where(r.c.id == rule_id)).first()
        return None if row is None else _rule(row)

    def put(self, rule: AssignmentRule) -> None:
        r = t.ticket_assignment_rules
        data = rows.values(rule, r, criteria=dict(rule.criteria))
        self.session.execute(sa.delete(r).where(r.c.id == rule.id))
        self.session.execute(sa.insert(r).values(**data))

    def delete(self, rule_id: UUID) -> bool:
        r = t.ticket_assignment_rules
        return bool(self.session.execute(sa.delete(r).where(r.c.id == rule_id)).rowcount)

    def save_cursor(self, rule: AssignmentRule) -> None:
        r = t.ticket_assignment_rules
        self.session.execute(sa.update(r).where(r.c.id == rule.id).values(cursor=rule.cursor))


def _rule(row: Any) -> AssignmentRule:
    rule: AssignmentRule = rows.build(AssignmentRule, row)
    rule.criteria = dict(rule.criteria or {})
    return rule
