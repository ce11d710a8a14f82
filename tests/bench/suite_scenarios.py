"""`make bench`'s scenarios on a running suite, each beside its raw baseline in the same run.

- GET one account through Traefik vs the bare Flask endpoint behind the same Traefik;
- POST a lead (validation, outbox row, commit) vs a bare endpoint inserting one row with
  SQLAlchemy Core into a database of the same kind (same connection settings);
- lead converted -> account readable in contacts at a fixed rate vs a raw pika
  publish -> consume round trip with publisher confirms, at the same rate;
- gRPC ``BatchGetAccounts`` of 100 through the gateway vs a bare grpcio server
  (bare_grpc.py) answering the same message from the same table behind the same Traefik;
- resident memory (RSS of each role's process group, from /proc) idle and under load.

The HTTP scenarios alternate round by round; the report keeps per-scenario medians.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from bare_grpc import answer_bytes, grpc_load
from bench_report import median_of
from load_generators import run_scenario
from memory import role_memory
from run_bench import bench_stack

from crm_chassis.testing import broker
from crm_chassis.testing.databases import new_database_url
from crm_chassis.testing.processes import ManagedProcess, free_port
from crm_suite_testing.gateway import TraefikProcess
from crm_suite_testing.suite import Suite

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "admin@bench.test"
ADMIN_PASSWORD = "bench-admin-password-1"
HERE = Path(__file__).resolve().parent
# The bare gRPC server sits behind the same Traefik: same path prefix, picked by a header.
BARE_GRPC_ROUTE = """http:
  routers:
    bench-grpc:
      entryPoints: [web]
      rule: PathPrefix(`/crm.contacts.v1.`) && Header(`x-bench-bare`, `1`)
      priority: 10000
      service: bench-grpc
  services:
    bench-grpc:
      loadBalancer:
        serversTransport: grpc-upstream
        servers:
          - url: 'h2c://127.0.0.1:{port}'
"""
LEAD = '{"first_name": "Ada", "last_name": "Bench", "company": "Bench Ltd"}'
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Env:
    """The suite, the bench's Traefik in front of it and of the bare app, a token."""

    suite: Suite
    traefik: TraefikProcess
    headers: dict[str, str]
    account_path: str
    amqp_url: str
    procs: dict[str, int] = field(default_factory=dict)  # role -> process-group id


@contextlib.contextmanager
def running_suite(work: Path, services: list[str]) -> Iterator[Env]:
    """Start the suite and the bench stack (bare app on a database like sales')."""
    (work / "suite").mkdir(parents=True, exist_ok=True)
    vhost, amqp_url = broker.create_vhost("crm-bench")
    suite = Suite(
        root=ROOT,
        services=services,
        amqp_url=amqp_url,
        work_dir=work / "suite",
        extra_env={"CRM_ADMIN_EMAIL": ADMIN_EMAIL, "CRM_ADMIN_PASSWORD": ADMIN_PASSWORD},
    )
    os.environ["BENCH_DATABASE_URL"] = new_database_url("bench_bare", work)
    stack = contextlib.ExitStack()
    try:
        suite.start()
        headers, account_path = _seed(suite)
        upstreams = {k: v for k, v in suite.env.items() if k.startswith("CRM_") and "_URL" in k}
        port = free_port()
        bare = ManagedProcess(
            [
                sys.executable,
                str(HERE / "bare_grpc.py"),
                str(port),
                suite.database_urls["contacts"],
            ],
            env=suite.env,
            log_path=work / "bare-grpc.log",
            name="bare-grpc",
        ).start()
        stack.callback(bare.stop)
        bare.wait_port(port)
        extra = BARE_GRPC_ROUTE.format(port=port)
        with bench_stack(work / "stack", upstreams=upstreams, extra_dynamic=extra) as (_, traefik):
            procs = {name: p.pid for name, p in suite.processes.items() if p.pid}
            procs["gateway (traefik)"] = suite.gateway.pid
            procs["bench traefik"] = traefik.pid
            yield Env(suite, traefik, headers, account_path, amqp_url, procs)
    finally:
        stack.close()
        suite.stop()
        broker.delete_vhost(vhost)


# Seeding answers slowly on a loaded machine (the password hash alone): it is not measured.
SEED_TIMEOUT = 60


def _seed(suite: Suite) -> tuple[dict[str, str], str]:
    identity, contacts = suite.web_url("identity"), suite.web_url("contacts")
    token = requests.post(
        f"{identity}/api/identity/v1/auth/token",
        json={"grant_type": "password", "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        timeout=SEED_TIMEOUT,
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    account = requests.post(
        f"{contacts}/api/contacts/v1/accounts",
        json={"name": "Bench Ltd", "account_type": "Customer", "industry": "Banking"},
        headers=headers,
        timeout=SEED_TIMEOUT,
    )
    account.raise_for_status()
    return headers, f"/api/contacts/v1/accounts/{account.json()['id']}"


# -- memory ------------------------------------------------------------------------------------


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in a process group (gunicorn master + workers)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:  # fields: state, ppid, pgrp, ...
                continue
            total += int((entry / "statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
    return round(total * PAGE / 2**20, 1)


class MemorySampler:
    """Sample every role's RSS in a thread; keep each role's maximum."""

    def __init__(self, procs: dict[str, int], every: float = 0.5) -> None:
        self.procs, self.every = procs, every
        self.peak: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for role, pgid in self.procs.items():
                self.peak[role] = max(self.peak.get(role, 0.0), group_rss_mb(pgid))
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# -- HTTP scenarios ----------------------------------------------------------------------------


def http_rounds(env: Env, rounds: int, duration: float, connections: int) -> dict[str, Any]:
    """GET and POST, each beside its bare twin, alternating; medians, memory idle and peak."""
    web = env.traefik.web_url
    plan: list[tuple[str, str, dict[str, str], str | None]] = [
        ("bare GET via traefik", web + "/bench/v1/accounts/0b9f6b1e", {}, None),
        ("GET one account", web + env.account_path, env.headers, None),
        ("bare POST via traefik", web + "/bench/v1/leads", {}, LEAD),
        ("POST a lead", web + "/api/sales/v1/leads", env.headers, LEAD),
    ]
    idle = {role: group_rss_mb(pgid) for role, pgid in env.procs.items()}
    memory_idle = role_memory(env.procs)
    per_round: list[list[dict[str, Any]]] = []
    with MemorySampler(env.procs) as sampler:
        for index in range(rounds):
            row = []
            for name, url, headers, body in plan:
                print(f"[bench] round {index + 1}/{rounds} {name}", flush=True)
                row.append(
                    run_scenario(name, url, headers, duration, connections, warmup=0.5, body=body)
                )
            per_round.append(row)
    medians = {r["name"]: r for r in (median_of([p[i] for p in per_round]) for i in range(4))}
    memory = {"idle": memory_idle, "loaded": role_memory(env.procs)}
    return {
        "medians": medians,
        "per_round": per_round,
        "rss_idle": idle,
        "rss_peak": sampler.peak,
        "memory": memory,
    }


def http_rows(res: dict[str, Any]) -> list[dict[str, Any]]:
    m = res["medians"]
    rows = [
        _rps_row(
            "REST GET one account (via Traefik)",
            m["GET one account"],
            m["bare GET via traefik"],
            "≥ 0.6",
        ),
        _rps_row(
            "REST POST a lead (via Traefik)", m["POST a lead"], m["bare POST via traefik"], "≥ 0.5"
        ),
    ]
    idle, peak = res["rss_idle"], res["rss_peak"]
    worst_idle = max(idle, key=idle.get)
    worst_peak = max(peak, key=peak.get)
    rows.append(
        _row(
            f"RSS idle, largest role ({worst_idle})",
            idle[worst_idle],
            None,
            "MB",
            "< 120 MB idle per role",
            detail=idle,
        )
    )
    rows.append(
        _row(
            f"RSS under load, largest ({worst_peak})",
            peak[worst_peak],
            None,
            "MB",
            "—",
            detail=peak,
        )
    )
    pss = {role: m["pss"] for role, m in res["memory"]["idle"].items()}
    worst = max(pss, key=pss.get)
    rows.append(
        _row(
            f"PSS idle, largest role ({worst}; shared pages once)",
            pss[worst],
            None,
            "MB",
            "< 120 MB idle per role",
            detail=res["memory"],
        )
    )
    return rows


def _rps_row(name: str, ours: dict, base: dict, goal: str) -> dict[str, Any]:
    detail = {
        "ours": {k: ours[k] for k in ("rps", "p50_ms", "p99_ms", "non_2xx", "errors")},
        "baseline": {k: base[k] for k in ("rps", "p50_ms", "p99_ms", "non_2xx", "errors")},
    }
    return _row(name, ours["rps"], base["rps"], "req/s", goal, detail=detail)


def _row(name: str, ours: float, base: float | None, unit: str, goal: str, **extra: Any) -> dict:
    ratio = round(ours / base, 3) if base else None
    return {
        "scenario": name,
        "ours": ours,
        "baseline": base,
        "unit": unit,
        "ratio": ratio,
        "goal": goal,
        **extra,
    }


# -- gRPC --------------------------------------------------------------------------------------


def grpc_rows(env: Env, rounds: int, duration: float) -> list[dict[str, Any]]:
    """BatchGetAccounts of 100 via the bench's Traefik: the suite vs the bare server."""
    contacts = env.suite.web_url("contacts")
    ids = []
    with requests.Session() as http:
        for i in range(100):
            made = http.post(
                f"{contacts}/api/contacts/v1/accounts",
                json={"name": f"Batch {i} Ltd", "account_type": "Customer"},
                headers=env.headers,
                timeout=10,
            )
            made.raise_for_status()
            ids.append(made.json()["id"])
    target = env.traefik.web_url.removeprefix("http://")
    auth = [("authorization", env.headers["Authorization"])]
    bare_md = [("x-bench-bare", "1")]
    # The baseline must answer the same message: compare one answer of each, byte for byte.
    same = answer_bytes(target, ids, auth) == answer_bytes(target, ids, bare_md)
    print(f"[bench] gRPC answers identical to the bare server's: {same}", flush=True)
    runs: dict[str, list[dict[str, Any]]] = {"ours": [], "bare": []}
    for index in range(rounds):
        print(f"[bench] round {index + 1}/{rounds} gRPC BatchGetAccounts", flush=True)
        runs["bare"].append(grpc_load(target, ids, bare_md, duration))
        runs["ours"].append(grpc_load(target, ids, auth, duration))
    med = {
        k: median_of(
            [
                {
                    **r,
                    "name": k,
                    "requests": r["calls"],
                    "non_2xx": 0,
                    "mean_ms": 0.0,
                    "seconds": duration,
                }
                for r in v
            ]
        )
        for k, v in runs.items()
    }
    detail = {"ours": med["ours"], "baseline": med["bare"], "per_round": runs, "same_answer": same}
    return [
        _row(
            "gRPC BatchGetAccounts of 100 (via Traefik)",
            med["ours"]["rps"],
            med["bare"]["rps"],
            "call/s",
            "≥ 0.6",
            detail=detail,
        )
    ]
