"""`make bench`'s REST list row: ``GET /api/contacts/v1/accounts?q=<term>&limit=50`` on N
accounts (PostgreSQL) through Traefik, beside a bare endpoint running the SAME SQL.

Identity and contacts start on fresh PostgreSQL databases (a fresh RabbitMQ vhost), N
accounts are seeded into contacts' database (bench_access_lists.seed: generate_series,
200 owners, ANALYZE). The SQL contacts sends for each term is captured from its own list
query (``Queries.list_accounts`` as the same administrator, SQLAlchemy's
``before_cursor_execute``) and handed to bare_list_app.py, which runs those statements in
one read transaction and answers the rows as JSON, under the same gunicorn settings and
behind the same Traefik router chain as the service. Rounds alternate bare / ours per term;
medians over rounds.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests
from bench_report import median_of
from load_generators import run_scenario
from run_bench import SERVICE_CHAIN, bench_stack

from crm_chassis.testing import broker
from crm_chassis.testing.processes import ManagedProcess, free_port
from crm_suite_testing.suite import Suite

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ADMIN_EMAIL = "admin@bench.test"
ADMIN_PASSWORD = "bench-admin-password-1"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432"
#: A selective term (about 1 in 1,000 rows at any size) and one nearly every row matches.
TERMS = ("00123", "account 0000")
ROUTE = """http:
  routers:
    bench-list:
      entryPoints: [web]
      rule: PathPrefix(`/bench-list/`)
      service: bench-list
      middlewares: [{chain}]
  services:
    bench-list:
      loadBalancer:
        serversTransport: web-upstream
        servers:
          - url: 'http://127.0.0.1:{port}'
"""


@contextlib.contextmanager
def _postgres_base() -> Iterator[None]:
    """New databases of this block on PostgreSQL, whatever the caller's default."""
    old = os.environ.get("CRM_TEST_DATABASE_URL_BASE")
    os.environ["CRM_TEST_DATABASE_URL_BASE"] = old or PG_DEFAULT
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("CRM_TEST_DATABASE_URL_BASE", None)


def _admin(identity_url: str) -> tuple[dict[str, str], str]:
    """(headers, subject) of the administrator, from identity's password grant."""
    token = requests.post(
        f"{identity_url}/api/identity/v1/auth/token",
        json={"grant_type": "password", "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        timeout=10,
    ).json()["access_token"]
    body = token.split(".")[1]
    subject = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))["sub"]
    return {"Authorization": f"Bearer {token}"}, subject


def capture_sql(url: str, subject: str, terms: tuple[str, ...]) -> dict[str, Any]:
    """The statements (with parameters) contacts' list query sends for each term."""
    import sqlalchemy as sa

    from crm_chassis.auth.principal import Principal
    from crm_contacts.bootstrap import bootstrap
    from crm_contacts.config import Settings
    from crm_contacts.service.queries import ListParams

    app = bootstrap(Settings(database_url=url))
    seen: list[tuple[str, Any]] = []

    @sa.event.listens_for(app.db.engine, "before_cursor_execute")
    def capture(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM accounts" in statement:
            seen.append((statement, parameters))

    plan: dict[str, Any] = {"__url__": url}
    try:
        for term in terms:
            seen.clear()
            params = ListParams(limit=50, q=term)
            items, _ = app.queries.list_accounts(Principal(subject=subject), params)
            if not seen:
                raise RuntimeError(f"no accounts statement captured for q={term!r}")
            plan[term] = list(seen)
            print(f"[bench] q={term!r}: {len(items)} rows, {len(seen)} statement(s)", flush=True)
    finally:
        app.db.dispose()
    return plan


@contextlib.contextmanager
def list_stack(work: Path, rows: int, terms: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Identity + contacts on PostgreSQL with ``rows`` accounts, the bare list app, Traefik."""
    import bench_access_lists as access

    work.mkdir(parents=True, exist_ok=True)
    vhost, amqp_url = broker.create_vhost("crm-bench-list")
    extra = {"CRM_ADMIN_EMAIL": ADMIN_EMAIL, "CRM_ADMIN_PASSWORD": ADMIN_PASSWORD}
    stack = contextlib.ExitStack()
    with _postgres_base():
        suite = Suite(ROOT, ["identity", "contacts"], amqp_url, work / "suite", extra_env=extra)
    try:
        with _postgres_base():
            suite.start()
        url = suite.database_urls["contacts"]
        headers, subject = _admin(suite.web_url("identity"))
        print(f"[bench] seeding {rows:,} accounts (PostgreSQL)", flush=True)
        access.seed(url, rows)
        # The admin's policy copy reaches contacts by an event: wait until a list answers.
        _wait_listable(suite.web_url("contacts"), headers)
        plan_path = work / "plan.pickle"
        plan_path.write_bytes(pickle.dumps(capture_sql(url, subject, terms)))
        port = free_port()
        bare = ManagedProcess(
            [sys.executable, str(HERE / "bare_list_app.py"), str(port), str(plan_path)],
            env=suite.env,
            log_path=work / "bare-list.log",
            name="bare-list",
        ).start()
        stack.callback(bare.stop)
        bare.wait_port(port)
        upstreams = {k: v for k, v in suite.env.items() if k.startswith("CRM_") and "_URL" in k}
        route = ROUTE.format(chain=SERVICE_CHAIN, port=port)
        with bench_stack(work / "stack", upstreams=upstreams, extra_dynamic=route) as (_, traefik):
            yield {"traefik": traefik.web_url, "headers": headers, "suite": suite}
    finally:
        stack.close()
        suite.stop()
        broker.delete_vhost(vhost)


def _wait_listable(contacts_url: str, headers: dict[str, str], tries: int = 60) -> None:
    import time

    for _ in range(tries):
        answer = requests.get(
            f"{contacts_url}/api/contacts/v1/accounts?limit=1", headers=headers, timeout=30
        )
        if answer.status_code == 200 and answer.json().get("items"):
            return
        time.sleep(0.5)
    raise RuntimeError(f"contacts never listed accounts for the admin: {answer.status_code}")


def rest_list_rows(
    rows: int, rounds: int, duration: float, connections: int, work: Path
) -> list[dict[str, Any]]:
    """REST list with q= beside the bare endpoint running the same SQL, per term."""
    out = []
    with list_stack(work, rows, TERMS) as env:
        web = env["traefik"]
        runs: dict[str, dict[str, list[dict[str, Any]]]] = {
            t: {"ours": [], "bare": []} for t in TERMS
        }
        for index in range(rounds):
            for term in TERMS:
                q = quote(term)
                print(f"[bench] round {index + 1}/{rounds} REST list q={term!r}", flush=True)
                bare = run_scenario(
                    "bare", f"{web}/bench-list/?q={q}", {}, duration, connections, warmup=0.5
                )
                ours = run_scenario(
                    "ours",
                    f"{web}/api/contacts/v1/accounts?q={q}&limit=50",
                    env["headers"],
                    duration,
                    connections,
                    warmup=0.5,
                )
                runs[term]["bare"].append(bare)
                runs[term]["ours"].append(ours)
    for term in TERMS:
        ours, base = median_of(runs[term]["ours"]), median_of(runs[term]["bare"])
        keys = ("rps", "p50_ms", "p99_ms", "non_2xx", "errors")
        out.append(
            {
                "scenario": f"REST list q={term!r} at {rows:,} (PG, via Traefik) vs same SQL",
                "ours": ours["rps"],
                "baseline": base["rps"],
                "unit": "req/s",
                "ratio": round(ours["rps"] / base["rps"], 3) if base["rps"] else None,
                "goal": "≥ 0.5",
                "detail": {
                    "ours": {k: ours[k] for k in keys},
                    "baseline": {k: base[k] for k in keys},
                    "per_round": runs[term],
                },
            }
        )
    return out
