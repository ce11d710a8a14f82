"""Support statistics at scale: the reports of ``crm_support.service.reports`` on PostgreSQL
with a million tickets, beside a baseline (the bare SQL of the same aggregate, run on the
same connection pool in the same run, without the caller's scope or any Python around it).

    .venv/bin/python tests/bench/bench_support_reports.py [--rows 1000000] [--repeat 15]
        [--json out.json]

Needs PostgreSQL (``CRM_TEST_DATABASE_URL_BASE``, default the local server); creates and
drops its own database, migrated by support's migrations. Tickets are loaded with COPY:
5 % open (spread over 60 days), 95 % closed over two years, 200 agents in 10 teams; every
closed ticket has its statistics facts (as the worker records them, derived in SQL) and
one in ten has feedback. Each report runs as an administrator (no scope) and as one agent
(the record scope ``owner_id IN (...)``), and prints the median and p95 in ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from crm_access.model import PolicySnapshot, Profile, Role, UserFacts
from crm_chassis.auth.principal import Principal
from crm_chassis.db.migrate import upgrade
from crm_chassis.testing.databases import drop_database, new_database_url

AGENTS = 200
TEAMS = 10
ADMIN = str(uuid.uuid5(uuid.NAMESPACE_DNS, "bench-support-admin"))
NOW = datetime(2026, 12, 1, tzinfo=UTC)
PRIORITIES = ("Low", "Normal", "High", "Urgent")
OPEN = ("Open", "In Progress", "Wait For Response")
TICKET_COLUMNS = (
    "id, number, title, priority, status, channel, owner_id, owner_kind, time_spent_minutes,"
    " created_by, search_text, created_at, updated_at, version, closed_at, account_id"
)
FACT_COLUMNS = (
    "ticket_id, owner_id, agent_id, team_id, team_kind, priority, created_at, closed_at,"
    " first_response_minutes, resolution_minutes, sla_breached, recorded_at, account_id"
)
FEEDBACK_COLUMNS = (
    "id, ticket_id, ticket_number, score, owner_id, agent_id, team_id, team_kind, created_at"
)


def _ids(prefix: str, n: int) -> list[str]:
    return [str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{prefix}{i}")) for i in range(n)]


def _copy(conn: Any, table: str, columns: str, rows: Any) -> None:
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _tickets(rows: int, agents: list[str]) -> Any:
    rnd = random.Random(13)
    accounts = _ids("account", 5000)
    for i in range(rows):
        is_open = i % 20 == 0
        created = NOW - timedelta(minutes=rnd.randrange(60 * 24 * (60 if is_open else 730)))
        closed = None if is_open else created + timedelta(minutes=rnd.randrange(30, 60 * 24 * 9))
        yield (
            uuid.UUID(int=i + 1),
            f"TT-{created.year}-{i:07d}",
            "Printer on fire",
            PRIORITIES[i % 4],
            OPEN[i % 3] if is_open else "Closed",
            "web",
            agents[i % AGENTS],
            "user",
            rnd.randrange(0, 240),
            "bench",
            "printer",
            created,
            created,
            1,
            closed,
            accounts[i % len(accounts)],
        )


# The worker's facts and customers' feedback, derived from the loaded tickets in SQL, in
# the order the worker records them (by closing time).
FACTS_SQL = f"""
INSERT INTO ticket_facts ({FACT_COLUMNS})
SELECT t.id, t.owner_id, t.owner_id, a.team, 'role', t.priority, t.created_at, t.closed_at,
       (extract(epoch FROM t.closed_at - t.created_at) / 60 * random() / 4)::int,
       (extract(epoch FROM t.closed_at - t.created_at) / 60)::int,
       random() < 0.1, now(), t.account_id
FROM tickets t JOIN bench_agents a ON a.agent = t.owner_id
WHERE t.status = 'Closed'
ORDER BY t.closed_at
"""
FEEDBACK_SQL = f"""
INSERT INTO ticket_feedback ({FEEDBACK_COLUMNS})
SELECT gen_random_uuid(), f.ticket_id, t.number, 1 + (random() * 4)::int,
       f.owner_id, f.agent_id, f.team_id, 'role', f.closed_at
FROM ticket_facts f JOIN tickets t ON t.id = f.ticket_id WHERE random() < 0.1
ORDER BY f.closed_at
"""


SCORES_SQL = """
UPDATE ticket_facts f SET score = fb.score FROM ticket_feedback fb WHERE fb.ticket_id = f.ticket_id
"""


def seed(url: str, rows: int, agents: list[str], teams: list[str]) -> dict[str, float]:
    engine = sa.create_engine(url)
    timings: dict[str, float] = {}
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        started = time.perf_counter()
        _copy(raw, "tickets", TICKET_COLUMNS, _tickets(rows, agents))
        timings["copy_tickets_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        conn.exec_driver_sql("CREATE TEMP TABLE bench_agents (agent uuid, team uuid)")
        _copy(
            raw,
            "bench_agents",
            "agent, team",
            ((a, teams[n % TEAMS]) for n, a in enumerate(agents)),
        )
        timings["facts"] = conn.exec_driver_sql(FACTS_SQL).rowcount
        timings["feedback"] = conn.exec_driver_sql(FEEDBACK_SQL).rowcount
        conn.exec_driver_sql(SCORES_SQL)
        timings["derive_facts_feedback_s"] = round(time.perf_counter() - started, 1)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE tickets, ticket_facts, ticket_feedback")
    engine.dispose()
    return timings


def snapshot(agents: list[str]) -> PolicySnapshot:
    profile = Profile(id="p", name="Support", modules={"tickets": ("view", "edit")})
    roles = (Role(id="org", name="Org", profile_ids=("p",)),)
    users = [UserFacts(id=ADMIN, role_id="org", is_admin=True)]
    users += [UserFacts(id=a, role_id="org") for a in agents]
    return PolicySnapshot(
        version=1,
        users=tuple(users),
        roles=roles,
        profiles=(profile,),
        sharing_defaults={"tickets": "private"},
    )


def measure(fn: Any, repeat: int) -> dict[str, float]:
    fn()  # warm caches and the plan
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
    }


BASELINES = {
    "open tickets (by status, priority, owner, age)": (
        "SELECT status, priority, count(*) FROM tickets"
        " WHERE status IN ('Open', 'In Progress', 'Wait For Response') GROUP BY status, priority"
    ),
    "backlog ageing": (
        "SELECT priority, count(*) FILTER (WHERE created_at > now() - interval '1 day')"
        " FROM tickets WHERE status IN ('Open', 'In Progress', 'Wait For Response')"
        " GROUP BY priority"
    ),
    "performance by agent, one month": (
        "SELECT agent_id, count(*), avg(resolution_minutes),"
        " percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_minutes) FROM ticket_facts"
        " WHERE closed_at >= '2026-10-01' AND closed_at < '2026-11-01' GROUP BY agent_id"
    ),
    "performance by month, one year": (
        "SELECT to_char(closed_at, 'YYYY-MM'), count(*), avg(resolution_minutes),"
        " percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_minutes) FROM ticket_facts"
        " WHERE closed_at >= '2025-12-01' AND closed_at < '2026-12-01' GROUP BY 1"
    ),
    "satisfaction by team, one quarter": (
        "SELECT team_id, count(*), avg(score) FROM ticket_feedback"
        " WHERE created_at >= '2026-09-01' AND created_at < '2026-12-01' GROUP BY team_id"
    ),
}


def scenarios(app: Any) -> dict[str, Any]:
    month = (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC))
    year = (datetime(2025, 12, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    quarter = (datetime(2026, 9, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    r = app.reports
    return {
        "open tickets (by status, priority, owner, age)": lambda p: r.open_tickets(p, NOW),
        "backlog ageing": lambda p: r.backlog(p, NOW),
        "performance by agent, one month": lambda p: r.performance(p, *month, "agent"),
        "performance by month, one year": lambda p: r.performance(p, *year, "period"),
        "satisfaction by team, one quarter": lambda p: r.satisfaction(p, *quarter, "team"),
    }


def run(url: str, agents: list[str], repeat: int) -> list[dict[str, Any]]:
    from crm_support.bootstrap import bootstrap
    from crm_support.config import Settings

    app = bootstrap(Settings(database_url=url))
    app.access.store.save(snapshot(agents))
    callers = {"admin (no scope)": Principal(subject=ADMIN), "agent (own)": Principal(agents[0])}
    results = []
    try:
        for name, report in scenarios(app).items():
            with app.db.reading() as session:
                base = measure(
                    lambda s=session, q=BASELINES[name]: s.execute(sa.text(q)).all(), repeat
                )
            results.append({"report": name, "caller": "baseline: bare SQL", **base})
            for who, principal in callers.items():
                figures = measure(lambda f=report, p=principal: f(p), repeat)
                results.append({"report": name, "caller": who, **figures})
    finally:
        app.db.dispose()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault(
        "CRM_TEST_DATABASE_URL_BASE", "postgresql+psycopg://postgres@127.0.0.1:5432"
    )
    from crm_support.entrypoints.migrate import MIGRATIONS

    agents, teams = _ids("agent", AGENTS), _ids("team", TEAMS)
    url = new_database_url("bench_support", Path(tempfile.mkdtemp()))
    try:
        upgrade(MIGRATIONS, url)
        loaded = seed(url, args.rows, agents, teams)
        results = run(url, agents, args.repeat)
    finally:
        drop_database(url)
    print(f"{args.rows:,} tickets loaded with COPY: {loaded}")
    print(f"{'report':48} {'caller':20} {'p50 ms':>9} {'p95 ms':>9}")
    for r in results:
        print(f"{r['report']:48} {r['caller']:20} {r['p50_ms']:>9} {r['p95_ms']:>9}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"rows": args.rows, "load": loaded, "results": results}, indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
