"""A/B: GET one account from this tree's contacts-web and from a baseline tree's, same run.

The machine is shared, so absolute figures drift by a factor of several within a minute;
only rounds that alternate between the two processes, side by side in one suite, compare.
``--base DIR`` holds a checkout of the baseline (``git archive main libs services | tar -x``);
the B process imports chassis, access and contacts from it (``PYTHONPATH`` comes before the
editable installs). ``--env K=V`` sets variables of the A process only (e.g. a setting).

    .venv/bin/python tests/bench/ab_account.py --base /tmp/base [--rounds 5] [--duration 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_generators import ensure_wrk, run_scenario
from suite_mode import account_suite

from crm_chassis.testing.processes import ManagedProcess, free_port


def cpu_seconds(pid: int) -> float:
    """User+system CPU of a process and its children (gunicorn master and workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            kids = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo += [int(k) for k in kids]
    return total


def _start(suite, name: str, env: dict[str, str], work: Path) -> str:
    port = free_port()
    proc = ManagedProcess(
        ["crm-contacts-web"],
        env={**suite.env, **env, "CONTACTS_HTTP_PORT": str(port)},
        log_path=work / f"{name}.log",
        name=name,
    ).start()
    suite.processes[name] = proc  # stopped with the suite
    url = f"http://127.0.0.1:{port}"
    proc.wait_http(f"{url}/api/contacts/v1/health/ready", timeout=60)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=float, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--env", action="append", default=[], help="K=V for the A process")
    parser.add_argument("--base-env", action="append", default=[], help="K=V for B")
    args = parser.parse_args()
    base = Path(args.base)
    path_b = ":".join(str(base / p) for p in ("libs/chassis", "libs/access", "services/contacts"))
    env_a = dict(kv.split("=", 1) for kv in args.env)
    env_b = {"PYTHONPATH": path_b, **dict(kv.split("=", 1) for kv in args.base_env)}
    ensure_wrk()
    with tempfile.TemporaryDirectory() as tmp, account_suite(Path(tmp) / "s") as (suite, p, hd):
        suite.stop_process("contacts-web")  # only A and B serve, with the same share of CPU
        urls = {
            "A": _start(suite, "web-a", env_a, Path(tmp)),
            "B": _start(suite, "web-b", env_b, Path(tmp)),
        }
        pids = {"A": suite.processes["web-a"].pid, "B": suite.processes["web-b"].pid}
        for url in urls.values():
            run_scenario("warmup", url + p, hd, duration=2, connections=args.connections)
        seen: dict[str, list[dict]] = {"A": [], "B": []}
        for n in range(args.rounds):
            for key in ("A", "B") if n % 2 == 0 else ("B", "A"):
                before = cpu_seconds(pids[key])
                got = run_scenario(key, urls[key] + p, hd, args.duration, args.connections)
                # CPU per request: far steadier than req/s on a machine shared with others.
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
