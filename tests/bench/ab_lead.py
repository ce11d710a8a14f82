"""A/B: POST a lead to this tree's sales-web and to a baseline tree's, same suite, same run.

Like ab_account.py for the write path: two sales-web processes on the same database (A: this
tree; B: ``--base DIR``, a ``git archive <commit> libs services | tar -x -C DIR``, imported
through ``PYTHONPATH``), loaded by wrk with the bench's lead body in alternating rounds; req/s,
p50/p99 and CPU ms per request (master + workers, from /proc). The suite's own sales-web is
stopped so only A and B serve.

    .venv/bin/python tests/bench/ab_lead.py --base /tmp/base [--rounds 4] [--duration 6]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ab_account import cpu_seconds
from load_generators import ensure_wrk, run_scenario
from suite_mode import ADMIN_EMAIL, ADMIN_PASSWORD, ROOT
from suite_scenarios import LEAD

from crm_chassis.testing import broker
from crm_chassis.testing.processes import ManagedProcess, free_port
from crm_suite_testing.suite import Suite

PATH = "/api/sales/v1/leads"


@contextlib.contextmanager
def lead_suite(work: Path) -> Iterator[tuple[Suite, dict[str, str]]]:
    work.mkdir(parents=True, exist_ok=True)
    vhost, amqp_url = broker.create_vhost("crm-bench")
    suite = Suite(
        root=ROOT,
        services=["identity", "contacts", "sales"],
        amqp_url=amqp_url,
        work_dir=work,
        extra_env={"CRM_ADMIN_EMAIL": ADMIN_EMAIL, "CRM_ADMIN_PASSWORD": ADMIN_PASSWORD},
    )
    try:
        suite.start()
        token = requests.post(
            f"{suite.web_url('identity')}/api/identity/v1/auth/token",
            json={"grant_type": "password", "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
            timeout=60,
        ).json()["access_token"]
        yield suite, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    finally:
        suite.stop()
        broker.delete_vhost(vhost)


def _start(suite: Suite, name: str, env: dict[str, str], work: Path) -> str:
    port = free_port()
    proc = ManagedProcess(
        ["crm-sales-web"],
        env={**suite.env, **env, "SALES_HTTP_PORT": str(port)},
        log_path=work / f"{name}.log",
        name=name,
    ).start()
    suite.processes[name] = proc  # stopped with the suite
    url = f"http://127.0.0.1:{port}"
    proc.wait_http(f"{url}/api/sales/v1/health/ready", timeout=120)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--duration", type=float, default=6)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    base = Path(args.base)
    path_b = ":".join(str(base / p) for p in ("libs/chassis", "libs/access", "services/sales"))
    envs = {"A": {}, "B": {"PYTHONPATH": path_b}}
    ensure_wrk()
    with tempfile.TemporaryDirectory() as tmp, lead_suite(Path(tmp) / "s") as (suite, headers):
        suite.stop_process("sales-web")
        urls = {key: _start(suite, f"web-{key}", env, Path(tmp)) for key, env in envs.items()}
        pids = {key: suite.processes[f"web-{key}"].pid for key in envs}
        for url in urls.values():
            run_scenario("warmup", url + PATH, headers, 2, args.connections, body=LEAD)
        seen: dict[str, list[dict]] = {"A": [], "B": []}
        for n in range(args.rounds):
            for key in ("A", "B") if n % 2 == 0 else ("B", "A"):
                before = cpu_seconds(pids[key])
                got = run_scenario(
                    key, urls[key] + PATH, headers, args.duration, args.connections, body=LEAD
                )
                got["cpu_ms"] = 1000 * (cpu_seconds(pids[key]) - before) / max(got["requests"], 1)
                seen[key].append(got)
                print(
                    f"round {n + 1} {key}: {got['rps']} req/s p50 {got['p50_ms']} ms "
                    f"p99 {got['p99_ms']} ms non-2xx {got['non_2xx']} "
                    f"cpu {got['cpu_ms']:.2f} ms/req",
                    flush=True,
                )
    ratios = [a["rps"] / b["rps"] for a, b in zip(seen["A"], seen["B"], strict=True) if b["rps"]]
    for key, runs in seen.items():
        print(
            f"{key}: median {statistics.median(r['rps'] for r in runs)} req/s, "
            f"p50 {statistics.median(r['p50_ms'] for r in runs)} ms, "
            f"cpu {statistics.median(r['cpu_ms'] for r in runs):.2f} ms/request"
        )
    print(
        f"A/B rps ratio per round: {[round(r, 2) for r in ratios]}, "
        f"median {statistics.median(ratios):.2f}"
    )


if __name__ == "__main__":
    main()
