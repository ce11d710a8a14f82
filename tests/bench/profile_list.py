"""Where the time of ``GET /api/contacts/v1/accounts?q=<term>&limit=50`` goes on PostgreSQL.

Starts the `scale` group's stack (list_scenarios.list_stack: identity and contacts on
PostgreSQL, N accounts seeded), loads contacts-web directly with wrk and samples its
master and workers with ``py-spy record --subprocesses --gil`` (where the Python CPU goes);
prints the top frames by self and total share (profile_account.py's report).

    .venv/bin/python tests/bench/profile_list.py [--rows 100000] [--q 00123] [--duration 15]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from list_scenarios import list_stack
from load_generators import ensure_wrk, run_scenario
from profile_account import _report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--q", default="00123")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--raw", help="also keep py-spy's collapsed stacks here")
    args = parser.parse_args()
    pyspy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    ensure_wrk()
    with tempfile.TemporaryDirectory() as tmp, list_stack(Path(tmp), args.rows, (args.q,)) as env:
        suite = env["suite"]
        url = f"{suite.web_url('contacts')}/api/contacts/v1/accounts?q={quote(args.q)}&limit=50"
        run_scenario("warmup", url, env["headers"], duration=2, connections=args.connections)
        raw = Path(tmp) / "profile.txt"
        cmd = [pyspy, "record", "--pid", str(suite.processes["contacts-web"].pid)]
        cmd += ["--subprocesses", "--nonblocking", "--gil", "--rate", "200"]
        cmd += ["--duration", str(args.duration), "--format", "raw", "--output", str(raw)]
        result: dict = {}
        load = threading.Thread(
            target=lambda: result.update(
                run_scenario("list", url, env["headers"], args.duration, args.connections)
            )
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
