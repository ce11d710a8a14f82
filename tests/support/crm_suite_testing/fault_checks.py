"""What the fault cases share: settings, the ledger check of a case, process handling.

A case (tests/faults/) runs :func:`run_case`: traffic starts, the fault is injected and
healed, traffic stops, and :func:`settle` polls both sides of every flow until they agree
(or :data:`SETTLE_S` passes); the row of the report then says what was sent, received,
lost and doubled, and how long the suite took to catch up after the fault was healed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from crm_suite_testing.fault_ledger import (
    FLOWS,
    doubled_effects,
    half_written,
    inbox_ids,
    outbox_ids,
    scalar,
)
from crm_suite_testing.fault_traffic import Traffic
from crm_suite_testing.private_infra import PrivatePostgres, wait_until
from crm_suite_testing.suite import Suite

CI = os.environ.get("CRM_FAULTS_CI") == "1"


def setting(name: str, default: float, ci: float) -> float:
    return float(os.environ.get(name) or (ci if CI else default))


OUTAGE_S = setting("CRM_FAULT_OUTAGE_S", 30, 8)
RATE = setting("CRM_FAULT_RATE", 4, 4)
SETTLE_S = 180.0


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (a gunicorn master's workers), in MB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[2]) != pid and int(entry.name) != pid:  # field 5: pgrp
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return round(total / 1024, 1)


def ledger(suite: Suite, since: datetime) -> dict[str, dict[str, int]]:
    """sent/received/lost per flow since ``since``."""
    db = suite.database_urls
    rows: dict[str, dict[str, int]] = {}
    for flow, (producer, event_type, consumers) in FLOWS.items():
        sent = [event_id for event_id, _ in outbox_ids(db[producer], event_type, since)]
        row: dict[str, int] = {"sent": len(sent)}
        if not consumers:  # nobody consumes it here: the broker's confirm is the receipt
            row["received"] = scalar(
                db[producer],
                "SELECT count(*) FROM outbox WHERE type = :t AND created_at >= :s "
                "AND published_at IS NOT NULL",
                t=event_type,
                s=since,
            )
        else:  # received: in every consumer's inbox
            every = set(sent)
            for consumer in consumers:
                found = inbox_ids(db[consumer], sent) if sent else set()
                row[f"in {consumer}"] = len(found)
                every &= found
            row["received"] = len(every)
        row["lost"] = row["sent"] - row["received"]
        rows[flow] = row
    return rows


def settle(suite: Suite, since: datetime) -> tuple[dict[str, dict[str, int]], float]:
    """Poll the ledger until nothing is missing; return it and how long that took."""
    started = time.monotonic()
    last: dict[str, dict[str, int]] = {}

    def balanced() -> bool:
        nonlocal last
        try:
            last = ledger(suite, since)
        except sa.exc.OperationalError:
            return False
        return all(row["lost"] == 0 for row in last.values())

    wait_until(balanced, SETTLE_S, interval=0.5)
    return last, round(time.monotonic() - started, 1)


def run_case(
    name: str,
    suite: Suite,
    admin: dict[str, str],
    report: list[dict[str, Any]],
    fault: Callable[[], dict[str, Any]],
    *,
    before_s: float = 3.0,
    after_s: float = 3.0,
    bad_input_may_503: bool = False,
) -> dict[str, Any]:
    """Traffic, fault (returns its own figures), healed, settled, checked; one report row."""
    since = datetime.now(UTC) - timedelta(seconds=1)
    tag = uuid.uuid4().hex[:8]
    traffic = Traffic(suite.gateway_url, admin, tag, rate=RATE, mail_dir=mail_dir(suite))
    traffic.bad_input_may_503 = bad_input_may_503
    traffic.start()
    time.sleep(before_s)
    figures = fault()
    healed = time.monotonic()
    time.sleep(after_s)
    traffic.stop()
    flows, _ = settle(suite, since)
    recover = round(time.monotonic() - healed, 1)
    row = case_row(name, suite, traffic, flows, recover)
    row.update(figures)
    report.append(row)
    print(json.dumps(row, default=str))
    stats = traffic.stats
    if stats.failed or row["events_lost"] or row["effects_doubled"]:
        keep_logs(suite, name)
    assert not stats.failed, stats.failed[:5]
    assert row["events_lost"] == 0, flows
    assert row["effects_doubled"] == 0, row["doubled"]
    assert not any(row["half_written"].values()), row["half_written"]
    assert not stats.bad_input_not_4xx, stats.bad_input_not_4xx[:5]
    assert 500 not in stats.statuses_5xx, "a fault must never answer 500"
    return row


def case_row(
    name: str, suite: Suite, traffic: Traffic, flows: dict[str, dict[str, int]], recover: float
) -> dict[str, Any]:
    """The report row of a case: both sides of every flow, effects, the client's view."""
    sent = sum(r["sent"] for r in flows.values())
    received = sum(r["received"] for r in flows.values())
    doubled = doubled_effects(suite.database_urls, traffic.tag)
    if traffic.mailbox is not None:
        doubled["mails per recipient"] = traffic.mailbox.doubled(f"flt-{traffic.tag}-u")
    stats = traffic.stats
    return {
        "fault": name,
        "events_sent": sent,
        "events_received": received,
        "events_lost": sent - received,
        "effects_doubled": sum(doubled.values()),
        "recover_s": recover,
        "flows": flows,
        "doubled": doubled,
        "half_written": half_written(suite.database_urls, traffic.tag),
        "units": dict(stats.units),
        "units_done": dict(stats.done),
        "units_failed": stats.failed[:10],
        "client_retries": stats.retried,
        "client_retry_log": stats.retry_log,
        "answered_5xx_then_retried": dict(stats.statuses_5xx),
        "bad_input_sent": stats.bad_input_sent,
        "bad_input_not_4xx": stats.bad_input_not_4xx[:10],
        "bad_input_502_504_asked_again": stats.bad_input_retried,
        "bad_input_503_auth_db_down": stats.bad_input_503,
    }


def keep_logs(suite: Suite, case: str) -> None:
    """Copy the suite's process logs to var/faults-logs/<case>/ (the world is deleted at
    the end of the session; a failed case's logs say why)."""
    target = suite.root / "var" / "faults-logs" / "".join(c if c.isalnum() else "-" for c in case)
    shutil.copytree(suite.work_dir / "logs", target, dirs_exist_ok=True)


def mail_dir(suite: Suite) -> Path:
    """Where the fault suite's SMTP sink keeps marketing's mail (tests/faults/conftest.py)."""
    return suite.work_dir / "mail"


def kill_group(suite: Suite, name: str) -> None:
    """SIGKILL a role's whole process group (no clean shutdown), then start it again."""
    suite.stop_process(name, kill=True)
    suite.start_process(name)


def gunicorn_workers(suite: Suite, name: str) -> list[int]:
    master = suite.processes[name].pid
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True, check=False)
    return [int(p) for p in out.stdout.split()]


def admin_sql(postgres: PrivatePostgres, sql: str) -> None:
    engine = sa.create_engine(f"{postgres.url_base}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def outbox_bodies(url: str, event_type: str, since: datetime) -> list[tuple[str, str]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT id, body FROM outbox WHERE type = :t AND created_at >= :s"),
                {"t": event_type, "s": since},
            ).all()
    finally:
        engine.dispose()
    return [(r[0], r[1]) for r in rows]


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0
