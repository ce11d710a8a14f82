"""Where the time of gRPC ``BatchGetAccounts`` of 100 goes: py-spy over contacts' gRPC role.

Starts identity and contacts (``suite_mode.account_suite``), creates 100 accounts, calls
contacts-grpc straight (no gateway: the profile is of the Python process) with the bench's
closed-loop driver (``bare_grpc.grpc_load``, 8 callers) and samples it with ``py-spy
record``. Prints the top frames by self and by total share (``profile_account.top_frames``).

``--measure N`` profiles nothing: N alternating rounds against contacts-grpc and against
``bare_grpc.py`` on the same database, both called straight, each reported with its calls/s
and the server process's CPU time per call (``/proc/<pid>/stat``): on a shared, loaded
machine CPU per call is the steadier figure of the two.

    .venv/bin/python tests/bench/profile_grpc.py [--duration 15] [--top 25] [--gil]
    .venv/bin/python tests/bench/profile_grpc.py --measure 3 --duration 10

py-spy needs ptrace rights (root, or kernel.yama.ptrace_scope=0).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests
from bare_grpc import grpc_load
from profile_account import _by_total, top_frames
from suite_mode import account_suite

from crm_chassis.testing.processes import ManagedProcess, free_port

HERE = Path(__file__).resolve().parent


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--callers", type=int, default=8)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    parser.add_argument("--raw", help="also keep py-spy's collapsed stacks here")
    parser.add_argument("--measure", type=int, default=0, help="only N rounds of load, no py-spy")
    parser.add_argument("--gil", action="store_true", help="only the thread holding the GIL")
    parser.add_argument("--idle", action="store_true", help="include idle (waiting) frames")
    return parser.parse_args()


def _accounts(base: str, headers: dict[str, str]) -> list[str]:
    ids = []
    with requests.Session() as http:
        for i in range(100):
            made = http.post(
                f"{base}/api/contacts/v1/accounts",
                json={"name": f"Batch {i} Ltd", "account_type": "Customer"},
                headers=headers,
                timeout=10,
            )
            made.raise_for_status()
            ids.append(made.json()["id"])
    return ids


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _measure(args: argparse.Namespace, suite: Any, tmp: Path, ids: list[str], auth: Any) -> None:
    port = free_port()
    bare_cmd = [sys.executable, str(HERE / "bare_grpc.py"), str(port)]
    bare = ManagedProcess(
        [*bare_cmd, suite.database_urls["contacts"]],
        env=suite.env,
        log_path=tmp / "bare-grpc.log",
        name="bare-grpc",
    ).start()
    try:
        bare.wait_port(port)
        sides = {
            "bare": (f"127.0.0.1:{port}", [], bare.pid),
            "ours": (suite.grpc_target("contacts"), auth, suite.processes["contacts-grpc"].pid),
        }
        grpc_load(sides["bare"][0], ids, [], 2, args.callers)  # warm up
        for index in range(args.measure):
            for name, (target, md, pid) in sides.items():
                before = _cpu_seconds(pid)
                got = grpc_load(target, ids, md, args.duration, args.callers)
                cpu_ms = 1000 * (_cpu_seconds(pid) - before) / max(got["calls"], 1)
                print(
                    f"round {index + 1} {name}: {got['rps']} calls/s, p50 {got['p50_ms']} ms, "
                    f"CPU {cpu_ms:.2f} ms/call ({got['calls']} calls)",
                    flush=True,
                )
    finally:
        bare.stop()


def main() -> None:
    args = _arguments()
    pyspy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    with (
        tempfile.TemporaryDirectory() as tmp,
        account_suite(Path(tmp) / "suite") as (suite, _path, headers),
    ):
        ids = _accounts(suite.web_url("contacts"), headers)
        target = suite.grpc_target("contacts")
        auth = [("authorization", headers["Authorization"])]
        grpc_load(target, ids, auth, 2, args.callers)  # warm up
        if args.measure:
            _measure(args, suite, Path(tmp), ids, auth)
            return
        pid = suite.processes["contacts-grpc"].pid
        raw = Path(tmp) / "profile.txt"
        cmd = [pyspy, "record", "--pid", str(pid), "--nonblocking", "--format", "raw"]
        cmd += ["--rate", str(args.rate), "--duration", str(args.duration)]
        cmd += ["--output", str(raw)] + (["--idle"] if args.idle else [])
        cmd += ["--gil"] if args.gil else []
        result: dict = {}
        load = threading.Thread(
            target=lambda: result.update(grpc_load(target, ids, auth, args.duration, args.callers))
        )
        load.start()
        subprocess.run(cmd, check=True, capture_output=True)
        load.join()
        collapsed = raw.read_text()
    if args.raw:
        Path(args.raw).write_text(collapsed)
    samples, frames = top_frames(collapsed, args.top)
    print(f"load: {result.get('rps')} calls/s, p50 {result.get('p50_ms')} ms (direct, profiled)")
    print(f"samples: {samples}\n\nself %  total %  frame (by self time)")
    for frame, own, tot in frames:
        print(f"{own:6.1f}  {tot:7.1f}  {frame}")
    print("\ntotal %  frame (by total time)")
    for frame, tot in _by_total(collapsed, args.top):
        print(f"{tot:7.1f}  {frame}")


if __name__ == "__main__":
    main()
