"""A/B: SQLite write transactions with and without the chassis' write gate, same run.

``--processes`` processes (like a web role's workers, its gRPC role and its worker) with
``--threads`` threads each run write transactions shaped like a lead's create (a duplicate
look-up, an insert, an outbox-sized insert) on one SQLite file for ``--duration`` seconds;
rounds alternate between the gate (``Database.transaction`` as shipped) and none (the
pre-gate path: ``BEGIN IMMEDIATE`` waiting in SQLite's busy handler). Prints transactions/s
and p50/p99 latency per side (medians over rounds).

    .venv/bin/python tests/bench/ab_sqlite_writes.py [--rounds 3] [--duration 5]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from crm_chassis.db.engine import Database

metadata = sa.MetaData()
rows = sa.Table(
    "rows",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String, index=True),
    sa.Column("body", sa.Text),
)


def _worker(url: str, gate: bool, threads: int, duration: float, out: Any) -> None:
    db = Database(url)
    if not gate:
        db._gate = None  # the pre-gate path
    took: list[float] = []
    stop = time.monotonic() + duration

    def loop(n: int) -> None:
        i = 0
        while time.monotonic() < stop:
            i += 1
            key = f"{multiprocessing.current_process().pid}-{n}-{i}"
            started = time.perf_counter()
            with db.transaction() as s:
                s.execute(sa.select(rows.c.id).where(rows.c.key == key)).first()
                s.execute(rows.insert().values(key=key, body="x" * 200))
                s.execute(rows.insert().values(key=key + "-outbox", body="y" * 800))
            took.append(time.perf_counter() - started)

    workers = [threading.Thread(target=loop, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    out.put(took)


def one_round(url: str, gate: bool, args: argparse.Namespace) -> dict[str, float]:
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(url, gate, args.threads, args.duration, queue))
        for _ in range(args.processes)
    ]
    for p in procs:
        p.start()
    took = sorted(t for _ in procs for t in queue.get())
    for p in procs:
        p.join()
    return {
        "tx_per_s": round(len(took) / args.duration, 1),
        "p50_ms": round(took[len(took) // 2] * 1000, 2),
        "p99_ms": round(took[int(len(took) * 0.99)] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'ab.db'}"
        db = Database(url)
        metadata.create_all(db.engine)
        db.dispose()
        results: dict[str, list[dict[str, float]]] = {"gate": [], "no gate": []}
        for index in range(args.rounds):
            for side in ("gate", "no gate"):
                got = one_round(url, side == "gate", args)
                results[side].append(got)
                print(f"round {index + 1} {side}: {got}", flush=True)
    print(f"\n{args.processes} processes x {args.threads} threads, medians of {args.rounds}:")
    for side, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(
            f"  {side:8} {med['tx_per_s']:8.1f} tx/s  p50 {med['p50_ms']:7.2f} ms  "
            f"p99 {med['p99_ms']:8.2f} ms"
        )


if __name__ == "__main__":
    main()
