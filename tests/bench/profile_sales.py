"""Where the time of sales' write paths goes: py-spy over sales-web and contacts-grpc.

Starts identity, contacts and sales (fresh SQLite databases, a fresh RabbitMQ vhost),
drives ``POST /api/sales/v1/leads`` or ``POST .../leads/{id}/convert`` from ``--callers``
threads in a closed loop, and samples the named roles with ``py-spy record --subprocesses``
(``--idle`` by default: on SQLite a writer waiting for the lock sleeps in the busy handler,
which only idle samples show). Prints the top frames of each role like profile_account.py.

    .venv/bin/python tests/bench/profile_sales.py [--scenario lead|convert] [--duration 15]
        [--roles sales-web,contacts-grpc] [--no-idle] [--gil] [--raw DIR] [--same-body]

``--gil`` samples only the thread holding the GIL (where Python CPU goes); ``--raw DIR``
keeps py-spy's collapsed stacks per role; ``--same-body`` posts the bench's one body
(``suite_scenarios.LEAD``) every time, so each lead is a possible duplicate of the others.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from profile_account import _by_total, top_frames
from suite_mode import ADMIN_EMAIL, ADMIN_PASSWORD, ROOT

from crm_chassis.testing import broker
from crm_suite_testing.suite import Suite


def _token(suite: Suite) -> dict[str, str]:
    token = requests.post(
        f"{suite.web_url('identity')}/api/identity/v1/auth/token",
        json={"grant_type": "password", "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        timeout=10,
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


SAME_BODY = {"first_name": "Ada", "last_name": "Bench", "company": "Bench Ltd"}


def _load(
    sales: str, headers: dict[str, str], scenario: str, stop: threading.Event, same: bool
) -> list:
    """One caller: create a lead (and convert it); return request seconds."""
    took: list[float] = []
    with requests.Session() as http:
        i = 0
        while not stop.is_set():
            i += 1
            body = SAME_BODY
            if not same:
                body = {"first_name": "Ada", "last_name": f"P{i}", "company": f"P {time.time_ns()}"}
            started = time.perf_counter()
            lead = http.post(f"{sales}/api/sales/v1/leads", json=body, headers=headers, timeout=30)
            if scenario == "convert":
                started = time.perf_counter()
                url = f"{sales}/api/sales/v1/leads/{lead.json()['id']}/convert"
                http.post(url, json={}, headers=headers, timeout=30)
            took.append(time.perf_counter() - started)
    return took


def _report(spies: dict, top: int) -> None:
    for role, (_, out) in spies.items():
        collapsed = out.read_text() if out.exists() else ""
        samples, frames = top_frames(collapsed, top)
        print(f"\n== {role}: {samples} samples\nself %  total %  frame (by self time)")
        for frame, own, tot in frames:
            print(f"{own:6.1f}  {tot:7.1f}  {frame}")
        print("\ntotal %  frame (by total time)")
        for frame, tot in _by_total(collapsed, top):
            print(f"{tot:7.1f}  {frame}")


def _start_spies(pyspy: str, suite: Suite, args: argparse.Namespace, tmp: Path) -> dict:
    """py-spy over each role of ``--roles``: role -> (process, collapsed output)."""
    spies = {}
    for role in args.roles.split(","):
        out = tmp / f"{role}.txt"
        cmd = [pyspy, "record", "--pid", str(suite.processes[role].pid), "--subprocesses"]
        cmd += ["--nonblocking", "--rate", "100", "--duration", str(args.duration)]
        cmd += ["--format", "raw", "--output", str(out)]
        cmd += ["--gil"] if args.gil else [] if args.no_idle else ["--idle"]
        spies[role] = (
            subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
            out,
        )
    return spies


def _keep_raw(spies: dict, raw: Path | None) -> None:
    if raw is None:
        return
    raw.mkdir(parents=True, exist_ok=True)
    for _, out in spies.values():
        if out.exists():
            shutil.copy(out, raw / out.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=("lead", "convert"), default="lead")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--callers", type=int, default=8)
    parser.add_argument("--roles", default="sales-web,contacts-grpc")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-idle", action="store_true")
    parser.add_argument("--gil", action="store_true", help="only the GIL holder (no idle)")
    parser.add_argument("--raw", type=Path, help="copy py-spy's collapsed stacks here")
    parser.add_argument("--same-body", action="store_true")
    args = parser.parse_args()
    pyspy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    with tempfile.TemporaryDirectory() as tmp:
        vhost, amqp_url = broker.create_vhost("crm-bench")
        suite = Suite(
            root=ROOT,
            services=["identity", "contacts", "sales"],
            amqp_url=amqp_url,
            work_dir=Path(tmp),
            extra_env={"CRM_ADMIN_EMAIL": ADMIN_EMAIL, "CRM_ADMIN_PASSWORD": ADMIN_PASSWORD},
        )
        try:
            suite.start()
            headers = _token(suite)
            sales = suite.web_url("sales")
            stop = threading.Event()
            results: list[list[float]] = []
            callers = [
                threading.Thread(
                    target=lambda: results.append(
                        _load(sales, headers, args.scenario, stop, args.same_body)
                    )
                )
                for _ in range(args.callers)
            ]
            for c in callers:
                c.start()
            spies = _start_spies(pyspy, suite, args, Path(tmp))
            for proc, _ in spies.values():
                proc.wait()
            stop.set()
            for c in callers:
                c.join()
            took = sorted(s for r in results for s in r)
            print(
                f"{args.scenario}: {len(took)} requests in ~{args.duration}s, "
                f"p50 {took[len(took) // 2] * 1000:.1f} ms (profiled)"
            )
            _report(spies, args.top)
            _keep_raw(spies, args.raw)
        finally:
            suite.stop()
            broker.delete_vhost(vhost)


if __name__ == "__main__":
    main()
