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
    AGE_BUCKETS,
    TimeFigures,
    bucket_bounds,
    period_key,
    rate,
    rounded,
)
from crm_support.domain.tickets import OPEN_STATUSES
from crm_support.service.access import TICKETS
from crm_support.service.contract_rules import ContractRules

#: Open tickets, the statuses written as literals so the planner can use the partial index
#: ``ix_tickets_open_report`` (a bound parameter would hide them from it).
OPEN = tickets.c.status.in_(
    sa.bindparam("open_statuses", list(OPEN_STATUSES), expanding=True, literal_execute=True)
)
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
        where = sa.and_(OPEN, self._scope(caller, tickets))
        status, priority, owner = tickets.c.status, tickets.c.priority, tickets.c.owner_id
        with self.db.reading() as session:
            # One scan of the open tickets, grouped finely; the four views are sums of it.
            cube = _ages(session, where, now, (status, priority, owner, tickets.c.owner_kind))
        views: dict[str, dict[tuple[str | None, str | None], int]] = defaultdict(
            lambda: defaultdict(int)
        )
        for (st, pr, ow, kind, label), n in cube.items():
            views["status"][(st, None)] += n
            views["priority"][(pr, None)] += n
            views["owner"][(ow, kind)] += n
            views["age"][(label, None)] += n
        return OpenTickets(
            total=sum(views["status"].values()),
            by_priority=_sorted(views["priority"]) if fields.visible("priority") else None,
            by_status=_sorted(views["status"]) if fields.visible("status") else None,
            by_owner=_sorted(views["owner"]) if fields.visible("owner_id") else None,
            by_age=[
                Count(label, views["age"].get((label, None), 0)) for label, _, _ in AGE_BUCKETS
            ],
        )

    def backlog(self, caller: Principal, now: datetime) -> dict[str, dict[str, int]]:
        """Open tickets per priority and age bucket (``{"High": {"0-1d": 3, ...}}``); all
        priorities as one row ``"*"`` when priority is hidden."""
        fields = self._fields(caller, None)
        where = sa.and_(OPEN, self._scope(caller, tickets))
        by = (tickets.c.priority,) if fields.visible("priority") else ()
        with self.db.reading() as session:
            found = _ages(session, where, now, by)
        matrix: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for (*key, label), n in found.items():
            matrix[(key[0] if key else None) or "*"][label] += n
        return {key: dict(counts) for key, counts in matrix.items()}

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
        where = sa.and_(
            fb.created_at >= start, fb.created_at < end, self._scope(caller, ticket_feedback)
        )
        with self.db.reading() as session:
            if session.get_bind().dialect.name == "postgresql":
                return _satisfaction_in_sql(session, where, group_by, granularity)
            groups: dict[str | None, list[int]] = defaultdict(list)
            stmt = sa.select(fb.agent_id, fb.team_id, fb.created_at.label("closed_at"), fb.score)
            for row in session.execute(stmt.where(where)):
                groups[_key(row, group_by, granularity)].append(row.score)
        return [
            _satisfaction(key, len(scores), sum(scores), {s: scores.count(s) for s in range(1, 6)})
            for key, scores in sorted(groups.items(), key=lambda kv: kv[0] or "")
        ]


def _satisfaction(key: str | None, answers: int, total: int, scores: dict[int, int]) -> Any:
    average = rounded(total / answers, 2) if answers else None
    return SatisfactionRow(key=key, answers=answers, average=average, scores=scores)


def _satisfaction_in_sql(session: Any, where: Any, group_by: str, granularity: str) -> list[Any]:
    """PostgreSQL: one grouped aggregate (count, sum and each score's count per group)."""
    fb = ticket_feedback.c
    key = _pg_key(ticket_feedback, group_by, granularity, moment=fb.created_at).label("key")
    per_score = [sa.func.count().filter(fb.score == s) for s in range(1, 6)]
    stmt = (
        sa.select(key, sa.func.count(), sa.func.sum(fb.score), *per_score)
        .where(where)
        .group_by(key)
        .order_by(key)
    )
    return [
        _satisfaction(k, n, int(total or 0), dict(zip(range(1, 6), counts, strict=True)))
        for k, n, total, *counts in session.execute(stmt)
    ]


def _sorted(counts: dict[tuple[str | None, str | None], int]) -> list[Count]:
    found = [Count(key, n, kind) for (key, kind), n in counts.items() if n]
    return sorted(found, key=lambda c: (-c.count, c.key or ""))


def _ages(
    session: Any, where: Any, now: datetime, by: tuple[Any, ...]
) -> dict[tuple[Any, ...], int]:
    """Counts per (group columns..., age bucket): one range condition per bucket, all in one
    scan; ``{(*group values as text or None, bucket label): count}``."""
    created = tickets.c.created_at
    columns = []
    labels = []
    for label, older, newer in bucket_bounds(now):
        condition = (
            created <= newer if older is None else sa.and_(created > older, created <= newer)
        )
        columns.append(sa.func.count().filter(condition))
        labels.append(label)
    stmt = sa.select(*by, *columns).where(where)
    if by:
        stmt = stmt.group_by(*by)
    found: dict[tuple[Any, ...], int] = {}
    for row in session.execute(stmt):
        keys = tuple(None if v is None else str(v) for v in row[: len(by)])
        for label, n in zip(labels, row[len(by) :], strict=True):
            if n:
                found[(*keys, label)] = int(n)
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


def _pg_key(table: sa.Table, group_by: str, granularity: str, *, moment: Any) -> Any:
    """The group of a row on PostgreSQL: an id as text, the priority, or the period of
    ``moment`` in UTC (``2026-03``, ``2026-W10``, ``2026-03-02``)."""
    if group_by in ("agent", "team"):
        return sa.cast(table.c[f"{group_by}_id"], sa.String)
    if group_by == "priority":
        return table.c.priority
    utc = sa.func.timezone("UTC", moment)
    return sa.func.to_char(utc, _PG_PERIOD[granularity])


def _performance_in_sql(
    session: Any, where: Any, group_by: str, granularity: str, shows: tuple[bool, bool]
) -> list[PerformanceRow]:
    """PostgreSQL: the whole report as one grouped aggregate (medians by percentile_cont),
    so a million facts never travel to Python."""
    f = ticket_facts.c
    key = _pg_key(ticket_facts, group_by, granularity, moment=f.closed_at).label("key")

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
