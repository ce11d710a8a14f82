"""Where the time of gRPC ``BatchGetAccounts`` of 100 goes: py-spy over contacts' gRPC role.

Starts identity and contacts (``suite_mode.account_suite``), creates 100 accounts, calls
contacts-grpc straight (no gateway: the profile is of the Python process) with the bench's
closed-loop driver (``bare_grpc.grpc_load``, 8 callers) and samples it with ``py-spy
record``. Prints the top frames by self and by total share (``profile_account.top_frames``).

    .venv/bin/python tests/bench/profile_grpc.py [--duration 15] [--top 25] [--gil]

py-spy needs ptrace rights (root, or kernel.yama.ptrace_scope=0).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests
from bare_grpc import grpc_load
from profile_account import _by_total, top_frames
from suite_mode import account_suite


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
            for _ in range(args.measure):
                got = grpc_load(target, ids, auth, args.duration, args.callers)
                print(f"direct: {got['rps']} calls/s p50 {got['p50_ms']} p99 {got['p99_ms']} ms")
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
