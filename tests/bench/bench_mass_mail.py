"""Mass-mail throughput beside a raw ``smtplib`` loop to the same local SMTP server, in one run.

    .venv/bin/python tests/bench/bench_mass_mail.py [--recipients 100000]
        [--postgres]  # uses CRM_TEST_DATABASE_URL_BASE (default postgresql+psycopg://postgres@127.0.0.1:5432)
        [--json out.json]

The server is an aiosmtpd sink in a process of its own that accepts and counts every message.

- ``raw``: one smtplib connection, a prebuilt message per recipient as large as the
  mailing's (``message_bytes``: the sink parses every line, so size is not free),
  ``sendmail`` in a loop: the most a Python client gets from this server;
- ``mailing``: a mailing to ``--recipients`` addresses (the in-memory Recipients and
  Templates ports: no gRPC) on a fresh, migrated database: the send list resolved
  (``resolve``), then the worker's send job (``send``): per recipient the template rendered,
  the signed links, the message built with its headers and handed off on a kept-open SMTP
  session; on PostgreSQL a batch of rows claimed, journaled and marked per transaction
  (``--per-row``: the one-row-per-transaction path instead, for comparison).

``send_vs_raw`` is the price of what a mailing does beyond handing bytes over (aim: >= 0.5).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from uuid import UUID, uuid4

import sqlalchemy as sa

from crm_chassis.db.migrate import upgrade
from crm_chassis.testing.databases import drop_database, new_database_url
from crm_chassis.testing.processes import free_port
from crm_marketing.adapters.mailing_fakes import audience, fields, scheduled_mailing, templates
from crm_marketing.adapters.mailing_tables import mailing_recipients
from crm_marketing.bootstrap import bootstrap, mass_mailer
from crm_marketing.config import Settings
from crm_marketing.domain.mailings import Mailing
from crm_marketing.entrypoints.migrate import MIGRATIONS

SINK = """
import asyncio, signal, sys
from aiosmtpd.controller import Controller

class Count:
    n = 0
    async def handle_DATA(self, server, session, envelope):
        Count.n += 1
        return "250 2.0.0 Ok: queued as %d" % Count.n

signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
controller = Controller(Count(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
controller.stop()
print(Count.n, flush=True)
"""


class Sink:
    """The counting SMTP server in its own process (no GIL shared with the senders)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SINK, str(self.port)], stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the SMTP sink did not start")

    def stop(self) -> int:
        """Stop it; the number of messages it accepted."""
        self.proc.send_signal(signal.SIGTERM)
        out, _ = self.proc.communicate(timeout=30)
        return int(out.strip().splitlines()[-1])


def mailing_message_bytes(url: str, port: int) -> int:
    """The size of one message of the benchmark's mailing (built, not sent)."""
    settings = Settings(database_url=url, smtp_port=port, jwks_url="http://unused")
    app = bootstrap(settings, recipients=audience(1), templates=templates())
    try:
        now = datetime.now(UTC)
        mailing = Mailing.draft(id=uuid4(), fields=fields(), by="u1", owner_id=None, now=now)
        row = SimpleNamespace(
            id=uuid4(),
            address="person54321@example.com",
            name="Person 54321",
            contact_id=uuid4(),
            lead_id=None,
            merge_fields={},
        )
        message, _ = mass_mailer(app)._message(mailing, row)
        return len(message.data)
    finally:
        app.db.dispose()


def _raw_message(i: int, size: int) -> bytes:
    head = (
        f"From: news@example.org\r\nTo: person{i}@example.com\r\nSubject: Hi\r\n"
        f"Message-ID: <raw{i}@bench>\r\n\r\nHello Person {i}\r\n"
    ).encode()
    filler = max(size - len(head), 0)
    line = b"x" * 74 + b"\r\n"
    return head + line * (filler // len(line)) + b"y" * (filler % len(line))


def measure_raw(port: int, n: int, size: int) -> dict[str, Any]:
    messages = [(f"person{i}@example.com", _raw_message(i, size)) for i in range(n)]
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for to, body in messages:
            client.sendmail("news@example.org", [to], body)
    seconds = time.perf_counter() - started
    return {
        "messages": n,
        "message_bytes": len(messages[-1][1]) if messages else 0,
        "seconds": round(seconds, 2),
        "per_second": round(n / seconds),
    }


def measure_mailing(url: str, port: int, n: int, *, per_row: bool = False) -> dict[str, Any]:
    settings = Settings(database_url=url, smtp_port=port, jwks_url="http://unused")
    app = bootstrap(settings, recipients=audience(n), templates=templates())
    try:
        mailing_id = scheduled_mailing(app.db, batch_size=1000)
        job = mass_mailer(app)
        job.batches = not per_row
        started = time.perf_counter()
        mailing, _ = job._start_if_due(mailing_id)
        assert mailing is not None
        job.prepare(mailing)
        resolved = time.perf_counter()
        sent = job.run_until_done(UUID(str(mailing_id)))
        done = time.perf_counter()
        with app.db.reading() as session:
            statuses = dict(
                session.execute(
                    sa.select(mailing_recipients.c.status, sa.func.count()).group_by(
                        mailing_recipients.c.status
                    )
                ).all()
            )
    finally:
        app.db.dispose()
    return {
        "recipients": n,
        "sent": sent,
        "statuses": statuses,
        "resolve_seconds": round(resolved - started, 2),
        "send_seconds": round(done - resolved, 2),
        "send_per_second": round(sent / (done - resolved)),
        "overall_per_second": round(sent / (done - started)),
    }


def run(n: int, *, postgres: bool, per_row: bool = False) -> dict[str, Any]:
    """Both measurements in one run; what the sink accepted is counted too."""
    saved = os.environ.get("CRM_TEST_DATABASE_URL_BASE")
    try:
        return _run(n, postgres=postgres, per_row=per_row)
    finally:  # a test calling us leaves the environment as it found it
        if saved is None:
            os.environ.pop("CRM_TEST_DATABASE_URL_BASE", None)
        else:
            os.environ["CRM_TEST_DATABASE_URL_BASE"] = saved


def _run(n: int, *, postgres: bool, per_row: bool) -> dict[str, Any]:
    if postgres:
        os.environ.setdefault(
            "CRM_TEST_DATABASE_URL_BASE", "postgresql+psycopg://postgres@127.0.0.1:5432"
        )
    else:
        os.environ.pop("CRM_TEST_DATABASE_URL_BASE", None)
    sink = Sink()
    results: dict[str, Any] = {"database": "postgresql" if postgres else "sqlite"}
    with tempfile.TemporaryDirectory() as tmp:
        url = new_database_url("bench-mass-mail", Path(tmp))
        try:
            upgrade(MIGRATIONS, url)
            size = mailing_message_bytes(url, sink.port)
            results["raw"] = measure_raw(sink.port, n, size)
            print("raw", results["raw"], file=sys.stderr, flush=True)
            results["mailing"] = measure_mailing(url, sink.port, n, per_row=per_row)
            results["mailing"]["message_bytes"] = size
            print("mailing", results["mailing"], file=sys.stderr, flush=True)
        finally:
            try:
                results["sink_accepted"] = sink.stop()
            finally:
                if postgres:
                    drop_database(url)
    raw = results["raw"]["per_second"]
    results["send_vs_raw"] = round(results["mailing"]["send_per_second"] / raw, 3)
    results["overall_vs_raw"] = round(results["mailing"]["overall_per_second"] / raw, 3)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--per-row", action="store_true", help="one row per transaction")
    args = parser.parse_args()
    results = run(args.recipients, postgres=args.postgres, per_row=args.per_row)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
