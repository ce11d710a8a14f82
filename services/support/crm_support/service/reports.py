"""Support statistics (reads): open tickets, backlog ageing, response and resolution times,
SLA breach rate, satisfaction; per period, agent, team and priority.

Every query carries the caller's record scope on ``tickets`` as SQL (the facts and feedback
rows repeat the ticket's owner, account and contact, so the same scope applies to them
without a join), and is one indexed scan: open tickets by ``(status, priority)`` and
``(status, created_at)``, closed ones' facts by ``closed_at`` (``test_report_plans.py``).
A figure built from a field hidden from the caller is left out (``None``); grouping by
one is 403 naming ``group_by`` (docs/api-conventions.md, hidden fields).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_access.fields import FieldAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.errors import FieldError, Forbidden
from crm_support.adapters.contract_tables import ticket_facts, ticket_feedback
from crm_support.adapters.tables import tickets
from crm_support.domain.statistics import (
    TimeFigures,
    bucket_bounds,
    period_key,
    rate,
    rounded,
)
from crm_support.domain.tickets import OPEN_STATUSES
from crm_support.service.access import TICKETS
from crm_support.service.contract_rules import ContractRules

#: The ticket field each grouping (and each figure) is read from.
GROUP_FIELD = {"agent": "owner_id", "team": "owner_id", "priority": "priority", "period": None}


@dataclass(frozen=True)
class Count:
    key: str | None
    count: int
    kind: str | None = None


@dataclass(frozen=True)
class OpenTickets:
    total: int
    by_priority: list[Count] | None
    by_status: list[Count] | None
    by_owner: list[Count] | None
    by_age: list[Count]


@dataclass(frozen=True)
class PerformanceRow:
    key: str | None
    closed: int
    first_response: TimeFigures | None
    resolution: TimeFigures | None
    sla_breach_rate: str | None
    satisfaction: str | None


@dataclass(frozen=True)
class SatisfactionRow:
    key: str | None
    answers: int
    average: str | None
    scores: dict[int, int]


class Reports:
    def __init__(self, db: Database, access: RecordAccess, rules: ContractRules) -> None:
        self.db = db
        self.access = access
        self.rules = rules

    def now(self) -> datetime:
        """The moment open tickets' ages are measured at (the service's clock)."""
        return self.rules.now()

    def _scope(self, caller: Principal, table: sa.Table) -> sa.ColumnElement[bool]:
        self.access.require(caller, TICKETS, "view")
        condition = self.access.visible_filter(caller, TICKETS, table)
        return sa.true() if condition is None else condition

    def _fields(self, caller: Principal, group_by: str | None) -> FieldAccess:
        fields = self.access.fields(caller, TICKETS)
        needed = GROUP_FIELD.get(group_by or "period")
        if needed and not fields.visible(needed):
            raise Forbidden(
                f"The field '{needed}' is hidden from you.",
                errors=[FieldError("group_by", f"reads the hidden field {needed}")],
            )
        return fields

    # -- open tickets and backlog ageing ------------------------------------------------------

    def open_tickets(self, caller: Principal, now: datetime) -> OpenTickets:
        """Open tickets by priority, status, owner and age (hidden fields' sections None)."""
        fields = self._fields(caller, None)
        where = sa.and_(tickets.c.status.in_(OPEN_STATUSES), self._scope(caller, tickets))
        with self.db.reading() as session:
            by_status = _counts(session, where, tickets.c.status)
            by_priority = _counts(session, where, tickets.c.priority)
            by_owner = _counts(session, where, tickets.c.owner_id, tickets.c.owner_kind)
            by_age = _ages(session, where, now, None)
        return OpenTickets(
            total=sum(c.count for c in by_status),
            by_priority=by_priority if fields.visible("priority") else None,
            by_status=by_status if fields.visible("status") else None,
            by_owner=by_owner if fields.visible("owner_id") else None,
            by_age=[Count(label, n) for (_, label), n in by_age.items()],
        )

    def backlog(self, caller: Principal, now: datetime) -> dict[str, dict[str, int]]:
        """Open tickets per priority and age bucket (``{"High": {"0-1d": 3, ...}}``); all
        priorities as one row ``"*"`` when priority is hidden."""
        fields = self._fields(caller, None)
        where = sa.and_(tickets.c.status.in_(OPEN_STATUSES), self._scope(caller, tickets))
        by = tickets.c.priority if fields.visible("priority") else None
        with self.db.reading() as session:
            found = _ages(session, where, now, by)
        matrix: dict[str, dict[str, int]] = defaultdict(dict)
        for (key, label), n in found.items():
            matrix[key or "*"][label] = n
        return dict(matrix)

    # -- closed tickets: times, breaches, satisfaction ---------------------------------------

    def performance(
        self,
        caller: Principal,
        start: datetime,
        end: datetime,
        group_by: str,
        granularity: str = "month",
    ) -> list[PerformanceRow]:
        """Per group: tickets closed in [start, end), first-response and resolution times
        (business minutes: count, average, median), SLA breach rate, average score."""
        fields = self._fields(caller, group_by)
        f = ticket_facts.c
        where = sa.and_(f.closed_at >= start, f.closed_at < end, self._scope(caller, ticket_facts))
        shows = (fields.visible("first_response_at"), fields.visible("closed_at"))
        with self.db.reading() as session:
            if session.get_bind().dialect.name == "postgresql":
                return _performance_in_sql(session, where, group_by, granularity, shows)
            groups: dict[str | None, list[Any]] = defaultdict(list)
            stmt = sa.select(
                f.agent_id,
                f.team_id,
                f.priority,
                f.closed_at,
                f.first_response_minutes,
                f.resolution_minutes,
                f.sla_breached,
                f.score,
            )
            for row in session.execute(stmt.where(where)):
                groups[_key(row, group_by, granularity)].append(row)
        return [
            _performance(key, rows, *shows)
            for key, rows in sorted(groups.items(), key=lambda kv: kv[0] or "")
        ]

    def satisfaction(
        self,
        caller: Principal,
        start: datetime,
        end: datetime,
        group_by: str,
        granularity: str = "month",
    ) -> list[SatisfactionRow]:
        """Feedback given in [start, end): answers, average score, scores 1..5, per group."""
        self._fields(caller, group_by)
        fb = ticket_feedback.c
        stmt = sa.select(fb.agent_id, fb.team_id, fb.created_at.label("closed_at"), fb.score)
        stmt = stmt.where(
            fb.created_at >= start, fb.created_at < end, self._scope(caller, ticket_feedback)
        )
        groups: dict[str | None, list[int]] = defaultdict(list)
        with self.db.reading() as session:
            for row in session.execute(stmt):
                groups[_key(row, group_by, granularity)].append(row.score)
        return [
            SatisfactionRow(
                key=key,
                answers=len(scores),
                average=rounded(sum(scores) / len(scores), 2),
                scores={s: scores.count(s) for s in range(1, 6)},
            )
            for key, scores in sorted(groups.items(), key=lambda kv: kv[0] or "")
        ]


def _counts(session: Any, where: Any, *columns: Any) -> list[Count]:
    stmt = sa.select(*columns, sa.func.count()).where(where).group_by(*columns)
    found = []
    for row in session.execute(stmt):
        key = None if row[0] is None else str(row[0])
        kind = row[1] if len(columns) > 1 else None
        found.append(Count(key, row[-1], kind))
    return sorted(found, key=lambda c: (-c.count, c.key or ""))


def _ages(session: Any, where: Any, now: datetime, by: Any) -> dict[tuple[str | None, str], int]:
    """Counts per (group, age bucket): one range condition per bucket, one scan in all."""
    created = tickets.c.created_at
    columns = []
    labels = []
    for label, older, newer in bucket_bounds(now):
        condition = (
            created <= newer if older is None else sa.and_(created > older, created <= newer)
        )
        columns.append(sa.func.count().filter(condition))
        labels.append(label)
    keys = [by] if by is not None else []
    stmt = sa.select(*keys, *columns).where(where)
    if by is not None:
        stmt = stmt.group_by(by)
    found: dict[tuple[str | None, str], int] = {}
    for row in session.execute(stmt):
        key = str(row[0]) if by is not None and row[0] is not None else None
        counts = row[1:] if by is not None else row
        for label, n in zip(labels, counts, strict=True):
            found[(key, label)] = int(n or 0)
    return found


def _key(row: Any, group_by: str, granularity: str) -> str | None:
    if group_by == "agent":
        return None if row.agent_id is None else str(row.agent_id)
    if group_by == "team":
        return None if row.team_id is None else str(row.team_id)
    if group_by == "priority":
        return row.priority
    return period_key(row.closed_at, granularity)


def _performance(
    key: str | None, rows: Sequence[Any], shows_first: bool, shows_close: bool
) -> PerformanceRow:
    known = [r.sla_breached for r in rows if r.sla_breached is not None]
    scores = [r.score for r in rows if r.score is not None]
    return PerformanceRow(
        key=key,
        closed=len(rows),
        first_response=(
            TimeFigures.of(r.first_response_minutes for r in rows) if shows_first else None
        ),
        resolution=TimeFigures.of(r.resolution_minutes for r in rows) if shows_close else None,
        sla_breach_rate=rate(sum(known), len(known)),
        satisfaction=rounded(sum(scores) / len(scores), 2) if scores else None,
    )


_PG_PERIOD = {"day": "YYYY-MM-DD", "week": 'IYYY-"W"IW', "month": "YYYY-MM"}


def _pg_key(group_by: str, granularity: str) -> Any:
    f = ticket_facts.c
    if group_by == "agent":
        return sa.cast(f.agent_id, sa.String)
    if group_by == "team":
        return sa.cast(f.team_id, sa.String)
    if group_by == "priority":
        return f.priority
    utc = sa.func.timezone("UTC", f.closed_at)
    return sa.func.to_char(utc, _PG_PERIOD[granularity])


def _performance_in_sql(
    session: Any, where: Any, group_by: str, granularity: str, shows: tuple[bool, bool]
) -> list[PerformanceRow]:
    """PostgreSQL: the whole report as one grouped aggregate (medians by percentile_cont),
    so a million facts never travel to Python."""
    f = ticket_facts.c
    key = _pg_key(group_by, granularity).label("key")

    def median(column: Any) -> Any:
        return sa.func.percentile_cont(0.5).within_group(column)

    stmt = (
        sa.select(
            key,
            sa.func.count(),
            sa.func.count(f.first_response_minutes),
            sa.func.avg(f.first_response_minutes),
            median(f.first_response_minutes),
            sa.func.count(f.resolution_minutes),
            sa.func.avg(f.resolution_minutes),
            median(f.resolution_minutes),
            sa.func.count(f.sla_breached),
            sa.func.count().filter(f.sla_breached.is_(True)),
            sa.func.avg(f.score),
        )
        .where(where)
        .group_by(key)
        .order_by(key)
    )
    return [_performance_row(row, shows) for row in session.execute(stmt)]


def _performance_row(row: Any, shows: tuple[bool, bool]) -> PerformanceRow:
    key, closed, n_first, avg_first, med_first, n_res, avg_res, med_res, known, breached, score = (
        row
    )
    first = TimeFigures(n_first, rounded(avg_first), rounded(med_first))
    resolution = TimeFigures(n_res, rounded(avg_res), rounded(med_res))
    return PerformanceRow(
        key=key,
        closed=closed,
        first_response=first if shows[0] else None,
        resolution=resolution if shows[1] else None,
        sla_breach_rate=rate(breached, known),
        satisfaction=rounded(score, 2),
    )
