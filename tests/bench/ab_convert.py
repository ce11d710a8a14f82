"""A/B: lead conversion through this tree's sales-web + contacts-grpc and a baseline tree's.

Like ab_lead.py for the conversion path, whose synchronous part spans two roles: one suite
(identity, contacts, sales; the suite's own sales-web and contacts-grpc stopped), then a pair
of roles per side on the same databases (A: this tree; B: ``--base DIR``, a ``git archive
<commit> libs services | tar -x -C DIR``, imported through ``PYTHONPATH``), each side's
sales-web calling its own contacts-grpc. Rounds alternate A and B; each round converts
``--count`` fresh leads with ``--callers`` in a closed loop (conversions/s), then, with
``--paced``, that many more at a fixed ``--rate`` (p50/p99 of conversion -> account
readable, as bench_suite's events group). CPU ms per conversion is summed over the side's
sales-web (master + workers) and contacts-grpc, from /proc: steadier than rates on a shared
machine.

    .venv/bin/python tests/bench/ab_convert.py --base /tmp/base [--rounds 4] [--count 200]
        [--callers 16] [--paced 200 --rate 100]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ab_account import cpu_seconds
from ab_lead import lead_suite
from event_scenarios import _converter, _leads
from raw_baselines import paced, percentiles

from crm_chassis.testing.processes import ManagedProcess, free_port
from crm_suite_testing.suite import Suite

PATHS = {
    "contacts": ("libs/chassis", "libs/access", "services/contacts"),
    "sales": ("libs/chassis", "libs/access", "services/sales"),
}


def _side(suite: Suite, key: str, base: Path | None, work: Path) -> dict[str, Any]:
    """Start one side's contacts-grpc and sales-web; return its URL and process ids."""
    env = dict(suite.env)
    grpc_port, ops_port, web_port = free_port(), free_port(), free_port()
    if base is not None:
        env["PYTHONPATH"] = ":".join(str(base / p) for p in PATHS["contacts"])
    grpc = ManagedProcess(
        ["crm-contacts-grpc"],
        env={**env, "CONTACTS_GRPC_PORT": str(grpc_port), "CRM_OPS_PORT": str(ops_port)},
        log_path=work / f"grpc-{key}.log",
        name=f"grpc-{key}",
    ).start()
    suite.processes[f"grpc-{key}"] = grpc  # stopped with the suite
    if base is not None:
        env["PYTHONPATH"] = ":".join(str(base / p) for p in PATHS["sales"])
    web = ManagedProcess(
        ["crm-sales-web"],
        env={
            **env,
            "SALES_HTTP_PORT": str(web_port),
            "SALES_CONTACTS_GRPC_TARGET": f"127.0.0.1:{grpc_port}",
            "CRM_CONTACTS_GRPC_URL": f"h2c://127.0.0.1:{grpc_port}",
        },
        log_path=work / f"web-{key}.log",
        name=f"web-{key}",
    ).start()
    suite.processes[f"web-{key}"] = web
    url = f"http://127.0.0.1:{web_port}"
    grpc.wait_http(f"http://127.0.0.1:{ops_port}/readyz", timeout=120)
    web.wait_http(f"{url}/api/sales/v1/health/ready", timeout=120)
    return {"url": url, "pids": (grpc.pid, web.pid)}


def _round(env: Any, side: dict, args: argparse.Namespace, n: int, key: str) -> dict:
    """One round of one side: closed loop, then (optionally) paced conversions."""
    suite_env = SimpleNamespace(suite=_Urls(env.suite, side["url"]), headers=env.headers)
    leads = _leads(suite_env, args.count + args.paced, f"R{n}{key}")
    convert = _converter(suite_env)
    before = sum(cpu_seconds(pid) for pid in side["pids"])
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.callers) as pool:
        closed = list(pool.map(convert, leads[: args.count]))
    seconds = time.perf_counter() - started
    timed = [s for s in paced(convert, leads[args.count :], args.rate) if s is not None]
    done = sum(1 for s in closed if s is not None) + len(timed)
    cpu = 1000 * (sum(cpu_seconds(pid) for pid in side["pids"]) - before) / max(done, 1)
    got = {"rate": sum(1 for s in closed if s is not None) / seconds, "cpu_ms": cpu}
    got["refused"] = args.count + args.paced - done
    got.update(percentiles(timed) if timed else {"p50_ms": 0.0, "p99_ms": 0.0})
    return got


class _Urls:
    """The suite, with sales' web URL pointing at one side's sales-web."""

    def __init__(self, suite: Suite, sales_url: str) -> None:
        self._suite, self._sales = suite, sales_url

    def web_url(self, service: str) -> str:
        return self._sales if service == "sales" else self._suite.web_url(service)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--count", type=int, default=200, help="closed-loop conversions")
    parser.add_argument("--callers", type=int, default=16)
    parser.add_argument("--paced", type=int, default=0, help="paced conversions per round")
    parser.add_argument("--rate", type=float, default=100.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, lead_suite(Path(tmp) / "s") as (suite, headers):
        suite.stop_process("sales-web")
        suite.stop_process("contacts-grpc")
        sides = {
            "A": _side(suite, "A", None, Path(tmp)),
            "B": _side(suite, "B", Path(args.base), Path(tmp)),
        }
        env = SimpleNamespace(suite=suite, headers=headers)
        seen: dict[str, list[dict]] = {"A": [], "B": []}
        for n in range(args.rounds):
            for key in ("A", "B") if n % 2 == 0 else ("B", "A"):
                got = _round(env, sides[key], args, n, key)
                seen[key].append(got)
                print(
                    f"round {n + 1} {key}: {got['rate']:.1f} conversions/s closed loop, "
                    f"cpu {got['cpu_ms']:.2f} ms/conversion, paced p50 {got['p50_ms']} ms "
                    f"p99 {got['p99_ms']} ms, refused {got['refused']}",
                    flush=True,
                )
    for key, runs in seen.items():
        print(
            f"{key}: median {statistics.median(r['rate'] for r in runs):.1f} conversions/s, "
            f"cpu {statistics.median(r['cpu_ms'] for r in runs):.2f} ms/conversion, "
            f"paced p50 {statistics.median(r['p50_ms'] for r in runs)} ms, "
            f"p99 {statistics.median(r['p99_ms'] for r in runs)} ms"
        )
    ratios = [a["rate"] / b["rate"] for a, b in zip(seen["A"], seen["B"], strict=True)]
    print(f"A/B rate ratio per round: {[round(r, 2) for r in ratios]}")


if __name__ == "__main__":
    main()
