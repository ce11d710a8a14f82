"""Where the time of ``GET /api/contacts/v1/accounts/{id}`` goes: py-spy over loaded workers.

Starts identity and contacts (``suite_mode.account_suite``), loads contacts-web straight
(no gateway: the profile is of the Python process) with the bench's load generator, and
samples every process of contacts-web with ``py-spy record --subprocesses``. Prints the top
frames by self and by total share of the samples; ``--speedscope`` also keeps the flame graph.

    .venv/bin/python tests/bench/profile_account.py [--duration 15] [--top 25]

py-spy needs ptrace rights (root, or kernel.yama.ptrace_scope=0).
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_generators import ensure_wrk, run_scenario
from suite_mode import account_suite


def top_frames(collapsed: str, top: int) -> tuple[int, list[tuple[str, float, float]]]:
    """From py-spy's raw (collapsed) output: (samples, [(frame, self %, total %)])."""
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        samples += count
        own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
    ranked = sorted(total, key=lambda f: (own[f], total[f]), reverse=True)[:top]
    share = (lambda n: round(100.0 * n / samples, 1)) if samples else (lambda n: 0.0)
    return samples, [(f, share(own[f]), share(total[f])) for f in ranked]


def _by_total(collapsed: str, top: int) -> list[tuple[str, float]]:
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if stack and count_text.isdigit():
            samples += int(count_text)
            for frame in set(stack.split(";")):
                total[frame] += int(count_text)
    return [(f, round(100.0 * n / max(samples, 1), 1)) for f, n in total.most_common(top)]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    parser.add_argument("--speedscope", help="also write a speedscope flame graph here")
    parser.add_argument("--raw", help="also keep py-spy's collapsed stacks here")
    parser.add_argument("--measure", type=int, default=0, help="only N rounds of load, no py-spy")
    parser.add_argument("--gil", action="store_true", help="only the thread holding the GIL")
    parser.add_argument("--idle", action="store_true", help="include idle (waiting) frames")
    return parser.parse_args()


def _report(collapsed: str, result: dict, top: int) -> None:
    samples, frames = top_frames(collapsed, top)
    print(f"load: {result.get('rps')} req/s, p50 {result.get('p50_ms')} ms (direct, profiled)")
    print(f"samples: {samples}\n\nself %  total %  frame (by self time)")
    for frame, own, tot in frames:
        print(f"{own:6.1f}  {tot:7.1f}  {frame}")
    print("\ntotal %  frame (by total time)")
    for frame, tot in _by_total(collapsed, top):
        print(f"{tot:7.1f}  {frame}")


def main() -> None:
    args = _arguments()
    pyspy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    ensure_wrk()
    with (
        tempfile.TemporaryDirectory() as tmp,
        account_suite(Path(tmp) / "suite") as (
            suite,
            path,
            headers,
        ),
    ):
        url = suite.web_url("contacts") + path
        run_scenario("warmup", url, headers, duration=2, connections=args.connections)
        if args.measure:
            for _ in range(args.measure):
                got = run_scenario("account", url, headers, args.duration, args.connections)
                print(f"direct: {got['rps']} req/s p50 {got['p50_ms']} p99 {got['p99_ms']} ms")
            return
        pid = suite.processes["contacts-web"].pid
        raw = Path(tmp) / "profile.txt"
        cmd = [pyspy, "record", "--pid", str(pid), "--subprocesses", "--nonblocking"]
        cmd += ["--rate", str(args.rate), "--duration", str(args.duration)]
        cmd += ["--format", "raw", "--output", str(raw)] + (["--idle"] if args.idle else [])
        cmd += ["--gil"] if args.gil else []
        result: dict = {}
        load = threading.Thread(
            target=lambda: result.update(
                run_scenario("account", url, headers, args.duration, args.connections)
            )
        )
        load.start()
        subprocess.run(cmd, check=True, capture_output=True)
        load.join()
        if args.speedscope:
            cmd[cmd.index("raw")] = "speedscope"
            cmd[cmd.index(str(raw))] = args.speedscope
            load = threading.Thread(
                target=lambda: run_scenario("again", url, headers, args.duration, args.connections)
            )
            load.start()
            subprocess.run(cmd, check=True, capture_output=True)
            load.join()
        collapsed = raw.read_text()
    if args.raw:
        Path(args.raw).write_text(collapsed)
    _report(collapsed, result, args.top)


if __name__ == "__main__":
    main()
