"""SLA rows over one session: calendars, policies, a ticket's clock, the check's targets.

Calendars and policies are whole aggregates (written back guarded by the version they were
read at). A ticket's clock is read from the tickets' own tables (status history and public
comments), never from a counter. ``ticket_sla_targets`` holds only what the scheduled
check needs; its breach and warning marks are set by conditional updates, so two checkers
(or a restarted one) mark, and announce, each target once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_chassis.errors import Conflict
from crm_support.adapters.tables import (
    sla_calendars,
    sla_policies,
    sla_recomputations,
    ticket_comments,
    ticket_history,
    ticket_sla_targets,
    tickets,
)
from crm_support.domain.business_time import Interval
from crm_support.domain.calendars import Calendar
from crm_support.domain.sla import Reply, StatusChange, TicketClock
from crm_support.domain.sla_policies import SlaPolicy

OPEN_STATUSES = ("Open", "In Progress", "Wait For Response")


@dataclass(frozen=True)
class TicketFacts:
    """What the SLA needs of a ticket besides its clock: what picks the policy, and what
    the breach event tells the owner's manager."""

    id: UUID
    number: str
    title: str
    priority: str
    status: str
    account_id: UUID | None
    contact_id: UUID | None
    owner_id: UUID | None
    owner_kind: str | None
    clock: TicketClock


@dataclass(frozen=True)
class DueTarget:
    ticket_id: UUID
    target: str
    policy_id: UUID
    started_at: datetime
    due_at: datetime
    warned_at: datetime | None
    breached_at: datetime | None


BREACHED_OPEN_HELP = "SLA targets breached and still unmet (the SLA-breach backlog)."


def breached_open() -> sa.Select[Any]:
    """Count the SLA targets past their breach and not yet met."""
    t = ticket_sla_targets.c
    return sa.select(sa.func.count()).where(t.breached_at.is_not(None), t.met_at.is_(None))


class SlaStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- calendars and policies ------------------------------------------------------------

    def calendar(self, calendar_id: UUID) -> Calendar | None:
        row = self.session.execute(
            sa.select(sla_calendars).where(sla_calendars.c.id == calendar_id)
        ).first()
        return _calendar(row) if row else None

    def calendars(self) -> list[Calendar]:
        rows = self.session.execute(sa.select(sla_calendars).order_by(sla_calendars.c.name))
        return [_calendar(r) for r in rows]

    def add_calendar(self, calendar: Calendar) -> None:
        self.session.execute(sa.insert(sla_calendars).values(**_calendar_values(calendar)))

    def save_calendar(self, calendar: Calendar) -> None:
        self._save(sla_calendars, calendar.id, calendar.version, _calendar_values(calendar))

    def delete_calendar(self, calendar_id: UUID) -> bool:
        result = self.session.execute(
            sa.delete(sla_calendars).where(sla_calendars.c.id == calendar_id)
        )
        return bool(result.rowcount == 1)

    def policies_using(self, calendar_id: UUID) -> list[str]:
        p = sla_policies.c
        return list(
            self.session.scalars(
                sa.select(p.name).where(p.calendar_id == calendar_id).order_by(p.name)
            )
        )

    def delete_policy(self, policy_id: UUID) -> bool:
        result = self.session.execute(sa.delete(sla_policies).where(sla_policies.c.id == policy_id))
        return bool(result.rowcount == 1)

    def policy(self, policy_id: UUID) -> SlaPolicy | None:
        row = self.session.execute(
            sa.select(sla_policies).where(sla_policies.c.id == policy_id)
        ).first()
        return _policy(row) if row else None

    def policies(self) -> list[SlaPolicy]:
        rows = self.session.execute(sa.select(sla_policies).order_by(sla_policies.c.name))
        return [_policy(r) for r in rows]

    def policy_for_priority(self, priority: str) -> SlaPolicy | None:
        row = self.session.execute(
            sa.select(sla_policies).where(sla_policies.c.priority == priority)
        ).first()
        return _policy(row) if row else None

    def priority_taken(self, priority: str, other_than: UUID) -> bool:
        found = self.session.execute(
            sa.select(sla_policies.c.id).where(
                sla_policies.c.priority == priority, sla_policies.c.id != other_than
            )
        ).first()
        return found is not None

    def add_policy(self, policy: SlaPolicy) -> None:
        self.session.execute(sa.insert(sla_policies).values(**_policy_values(policy)))

    def save_policy(self, policy: SlaPolicy) -> None:
        self._save(sla_policies, policy.id, policy.version, _policy_values(policy))

    def _save(self, table: sa.Table, id: UUID, version: int, values: dict[str, Any]) -> None:
        values = {k: v for k, v in values.items() if k not in ("id", "created_at")}
        result = self.session.execute(
            sa.update(table).where(table.c.id == id, table.c.version == version - 1).values(values)
        )
        if result.rowcount != 1:
            raise Conflict(f"Record {id} was changed concurrently; try again.")

    # -- tickets ---------------------------------------------------------------------------

    def ticket(self, ticket_id: UUID, *, lock: bool = False) -> TicketFacts | None:
        """The ticket's facts and clock; ``lock`` holds the ticket's row to the end of the
        transaction, so two rewrites of its SLA rows (a change, a recomputation) take turns."""
        stmt = sa.select(tickets).where(tickets.c.id == ticket_id)
        row = self.session.execute(stmt.with_for_update() if lock else stmt).first()
        if row is None:
            return None
        history = self.session.execute(
            sa.select(ticket_history.c.changed_at, ticket_history.c.new_value)
            .where(ticket_history.c.ticket_id == ticket_id, ticket_history.c.field == "status")
            .order_by(ticket_history.c.id)
        )
        comments = self.session.execute(
            sa.select(
                ticket_comments.c.created_at,
                ticket_comments.c.is_public,
                ticket_comments.c.author_kind,
            )
            .where(ticket_comments.c.ticket_id == ticket_id)
            .order_by(ticket_comments.c.created_at)
        )
        changes = [StatusChange(at, status) for at, status in history if status]
        # The first history entry may record the opening status itself (old value null).
        clock = TicketClock(
            created_at=row.created_at,
            changes=tuple(changes),
            replies=tuple(Reply(at, public, kind == "customer") for at, public, kind in comments),
        )
        return TicketFacts(
            id=row.id,
            number=row.number,
            title=row.title,
            priority=row.priority,
            status=row.status,
            account_id=row.account_id,
            contact_id=row.contact_id,
            owner_id=row.owner_id,
            owner_kind=row.owner_kind,
            clock=clock,
        )

    def open_ticket_ids(self, after: UUID | None, limit: int) -> list[UUID]:
        stmt = sa.select(tickets.c.id).where(tickets.c.status.in_(OPEN_STATUSES))
        if after is not None:
            stmt = stmt.where(tickets.c.id > after)
        return list(self.session.scalars(stmt.order_by(tickets.c.id).limit(limit)))

    # -- the check's targets ----------------------------------------------------------------

    def targets(self, ticket_id: UUID) -> dict[str, dict[str, Any]]:
        # Locked: a check marking one of these rows meanwhile waits for our rewrite (and
        # then finds its row gone), so a mark is never lost to a stale carry-over.
        rows = self.session.execute(
            sa.select(ticket_sla_targets)
            .where(ticket_sla_targets.c.ticket_id == ticket_id)
            .with_for_update()
        ).mappings()
        return {r["target"]: dict(r) for r in rows}

    def replace_targets(self, ticket_id: UUID, rows: Sequence[dict[str, Any]]) -> None:
        """Write the ticket's rows anew (the caller carried over warned/breached marks)."""
        self.session.execute(
            sa.delete(ticket_sla_targets).where(ticket_sla_targets.c.ticket_id == ticket_id)
        )
        if rows:
            self.session.execute(sa.insert(ticket_sla_targets), [dict(r) for r in rows])

    def due(self, now: datetime, warn_until: datetime, limit: int) -> list[DueTarget]:
        """Unmet targets past due and not yet breached, or due before ``warn_until`` and
        not yet warned: earliest first."""
        t = ticket_sla_targets.c
        rows = self.session.execute(
            sa.select(
                t.ticket_id,
                t.target,
                t.policy_id,
                t.started_at,
                t.due_at,
                t.warned_at,
                t.breached_at,
            )
            .where(
                t.due_at.is_not(None),
                t.met_at.is_(None),
                sa.or_(
                    sa.and_(t.breached_at.is_(None), t.due_at <= now),
                    sa.and_(t.warned_at.is_(None), t.due_at <= warn_until),
                ),
            )
            .order_by(t.due_at, t.ticket_id, t.target)
            .limit(limit)
        )
        return [DueTarget(*r) for r in rows]

    def mark(self, due: DueTarget, column: str, now: datetime) -> bool:
        """Set ``warned_at`` or ``breached_at`` once: True only for the one caller whose
        conditional update found it unset (for this cycle of the target)."""
        t = ticket_sla_targets.c
        result = self.session.execute(
            sa.update(ticket_sla_targets)
            .where(
                t.ticket_id == due.ticket_id,
                t.target == due.target,
                t.started_at == due.started_at,
                t.met_at.is_(None),
                getattr(t, column).is_(None),
            )
            .values(_marks(column, now))
        )
        return bool(result.rowcount == 1)

    # -- recomputation requests -------------------------------------------------------------

    def request_recomputation(self, reason: str, now: datetime) -> None:
        self.session.execute(
            sa.insert(sla_recomputations).values(
                id=uuid4(), reason=reason[:200], requested_at=now, done_at=None
            )
        )

    def pending_recomputations(self) -> list[UUID]:
        r = sla_recomputations.c
        return list(self.session.scalars(sa.select(r.id).where(r.done_at.is_(None))))

    def finish_recomputations(self, ids: Sequence[UUID], now: datetime) -> None:
        r = sla_recomputations.c
        self.session.execute(
            sa.update(sla_recomputations)
            .where(r.id.in_(list(ids)), r.done_at.is_(None))
            .values(done_at=now)
        )


def _marks(column: str, now: datetime) -> dict[str, Any]:
    """A breach also counts as the warning (too late to warn after it). One statement: a
    second update of a row this transaction wrote would re-check its foreign key, waiting
    for a ticket a recomputation holds while it waits for this row (a deadlock)."""
    if column == "breached_at":
        t = ticket_sla_targets.c
        return {"breached_at": now, "warned_at": sa.func.coalesce(t.warned_at, now)}
    return {column: now}


def _calendar(row: Any) -> Calendar:
    return Calendar(
        id=row.id,
        name=row.name,
        time_zone=row.time_zone,
        hours={int(d): tuple(Interval(a, b) for a, b in spans) for d, spans in row.hours.items()},
        holiday_country=row.holiday_country,
        holiday_subdivision=row.holiday_subdivision,
        holidays=tuple(date.fromisoformat(d) for d in row.holidays),
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def _calendar_values(c: Calendar) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "time_zone": c.time_zone,
        "hours": {str(d): [[i.start, i.end] for i in spans] for d, spans in c.hours.items()},
        "holiday_country": c.holiday_country,
        "holiday_subdivision": c.holiday_subdivision,
        "holidays": [d.isoformat() for d in c.holidays],
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "version": c.version,
    }


def _policy(row: Any) -> SlaPolicy:
    return SlaPolicy(
        id=row.id,
        name=row.name,
        priority=row.priority,
        calendar_id=row.calendar_id,
        first_response_minutes=row.first_response_minutes,
        next_response_minutes=row.next_response_minutes,
        resolution_minutes=row.resolution_minutes,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def _policy_values(p: SlaPolicy) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "priority": p.priority,
        "calendar_id": p.calendar_id,
        "first_response_minutes": p.first_response_minutes,
        "next_response_minutes": p.next_response_minutes,
        "resolution_minutes": p.resolution_minutes,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "version": p.version,
    }
