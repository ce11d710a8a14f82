"""The support reports are index-backed: EXPLAIN of the exact statements the reports run
(captured from the engine while they run) on a table of tickets mostly closed, as in life.

On PostgreSQL (``CRM_TEST_DATABASE_URL_BASE``) no plan may read tickets, ticket_facts or
ticket_feedback by a sequential scan; on SQLite every access to them must name an index.
The benchmark (``make bench-support``) measures the same queries at a million tickets.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from crm_chassis.auth.principal import Principal
from crm_support.adapters.contract_tables import ticket_facts, ticket_feedback
from crm_support.adapters.tables import tickets

NOW = datetime(2026, 12, 1, tzinfo=UTC)
ROWS = 30_000
AGENTS = [uuid.uuid4() for _ in range(50)]
TABLES = ("tickets", "ticket_facts", "ticket_feedback")


def _seed(svc: Any) -> None:
    rows, facts, feedback = [], [], []
    for i in range(ROWS):
        closed = i % 20 != 0
        created = NOW - timedelta(hours=i % 17_000)
        agent = AGENTS[i % len(AGENTS)]
        ticket_id = uuid.UUID(int=i + 1)
        rows.append(
            {
                "id": ticket_id,
                "number": f"TT-2026-{i:07d}",
                "title": "t",
                "priority": ("Low", "Normal", "High", "Urgent")[i % 4],
                "status": "Closed" if closed else ("Open", "In Progress")[i % 2],
                "channel": "web",
                "owner_id": agent,
                "owner_kind": "user",
                "time_spent_minutes": 0,
                "created_by": "t",
                "search_text": "t",
                "created_at": created,
                "updated_at": created,
                "closed_at": created + timedelta(hours=3) if closed else None,
                "version": 1,
            }
        )
        if closed:
            done = created + timedelta(hours=3)
            facts.append(
                {
                    "ticket_id": ticket_id,
                    "owner_id": agent,
                    "agent_id": agent,
                    "team_id": AGENTS[0],
                    "priority": "High",
                    "created_at": created,
                    "closed_at": done,
                    "resolution_minutes": 180,
                    "recorded_at": NOW,
                }
            )
        if closed and i % 10 == 1:
            feedback.append(
                {
                    "id": uuid.uuid4(),
                    "ticket_id": ticket_id,
                    "ticket_number": "x",
                    "score": 4,
                    "owner_id": agent,
                    "agent_id": agent,
                    "created_at": created + timedelta(hours=4),
                }
            )
    with svc.db.transaction() as session:
        session.execute(sa.insert(tickets), rows)
        session.execute(sa.insert(ticket_facts), facts)
        session.execute(sa.insert(ticket_feedback), feedback)
    with svc.db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()


def _captured(svc: Any, run: Any) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def grab(conn: Any, cursor: Any, statement: str, params: Any, *rest: Any) -> None:
        if any(t in statement for t in TABLES) and statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, params))

    engines = {svc.db.engine, svc.db.read_engine}
    for engine in engines:
        sa.event.listen(engine, "before_cursor_execute", grab)
    try:
        run()
    finally:
        for engine in engines:
            sa.event.remove(engine, "before_cursor_execute", grab)
    return seen


def _plan(svc: Any, statement: str, params: Any) -> str:
    with svc.db.read_engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            rows = conn.exec_driver_sql("EXPLAIN " + statement, params).all()
        else:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
    return "\n".join(str(r[-1]) for r in rows)


def _unindexed(plan: str, postgres: bool) -> list[str]:
    lines = plan.splitlines()
    if postgres:
        return [line for line in lines if "Seq Scan on" in line and any(t in line for t in TABLES)]
    return [
        line
        for line in lines
        if line.startswith("SCAN ")
        and any(f"SCAN {t}" in line for t in TABLES)
        and "INDEX" not in line
    ]


@pytest.fixture
def seeded(svc: Any) -> Any:
    _seed(svc)
    return svc


@pytest.mark.parametrize("caller", ["admin", "agent"])
def test_every_report_query_uses_an_index(seeded: Any, caller: str) -> None:
    svc = seeded
    principal = Principal(subject=str(uuid.uuid4()), roles=("admin",))
    if caller == "agent":
        from crm_access.model import PolicySnapshot

        svc.access.store.save(
            PolicySnapshot.from_dict(
                {
                    "version": 1,
                    "users": [{"id": str(AGENTS[3]), "role_id": "r"}],
                    "roles": [{"id": "r", "name": "r", "profile_ids": ["p"]}],
                    "profiles": [{"id": "p", "name": "p", "modules": {"tickets": ["view"]}}],
                    "sharing_defaults": {"tickets": "private"},
                }
            )
        )
        principal = Principal(subject=str(AGENTS[3]))
    month = (NOW - timedelta(days=30), NOW)
    reports = svc.reports

    def run() -> None:
        reports.open_tickets(principal, NOW)
        reports.backlog(principal, NOW)
        reports.performance(principal, *month, "agent")
        reports.performance(principal, *month, "period")
        reports.satisfaction(principal, *month, "team")

    statements = _captured(svc, run)
    assert len(statements) >= 5
    postgres = svc.db.engine.dialect.name == "postgresql"
    for statement, params in statements:
        plan = _plan(svc, statement, params)
        assert _unindexed(plan, postgres) == [], f"{statement}\n{plan}"
