"""The fault cases (make test-faults; not collected by make test: run this file explicitly).

Each case runs the real suite on its private broker and PostgreSQL with traffic flowing
(crm_suite_testing.fault_traffic), injects its fault, heals it, and then compares both
sides of every flow until they agree: events lost 0, effects doubled 0, nothing half
written, every unit the client started complete, bad input 4xx throughout.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from crm_suite_testing.fault_traffic import (
    FLOWS,
    Traffic,
    doubled_effects,
    half_written,
    inbox_ids,
    outbox_ids,
    scalar,
)
from crm_suite_testing.private_infra import PrivatePostgres, PrivateRabbit, wait_until
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
    for flow, (producer, event_type, consumer) in FLOWS.items():
        sent = [event_id for event_id, _ in outbox_ids(db[producer], event_type, since)]
        if consumer is None:  # nobody consumes it here: the broker's confirm is the receipt
            received = scalar(
                db[producer],
                "SELECT count(*) FROM outbox WHERE type = :t AND created_at >= :s "
                "AND published_at IS NOT NULL",
                t=event_type,
                s=since,
            )
        else:
            received = len(inbox_ids(db[consumer], sent)) if sent else 0
        rows[flow] = {"sent": len(sent), "received": received, "lost": len(sent) - received}
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
) -> dict[str, Any]:
    """Traffic, fault (returns its own figures), healed, settled, checked; one report row."""
    since = datetime.now(UTC) - timedelta(seconds=1)
    tag = uuid.uuid4().hex[:8]
    traffic = Traffic(suite.gateway_url, admin, tag, rate=RATE).start()
    time.sleep(before_s)
    figures = fault()
    healed = time.monotonic()
    time.sleep(after_s)
    traffic.stop()
    flows, _ = settle(suite, since)
    recover = round(time.monotonic() - healed, 1)
    sent = sum(r["sent"] for r in flows.values())
    received = sum(r["received"] for r in flows.values())
    doubled = doubled_effects(suite.database_urls, tag)
    half = half_written(suite.database_urls, tag)
    stats = traffic.stats
    row = {
        "fault": name,
        "events_sent": sent,
        "events_received": received,
        "events_lost": sent - received,
        "effects_doubled": sum(doubled.values()),
        "recover_s": recover,
        "flows": flows,
        "doubled": doubled,
        "half_written": half,
        "units": dict(stats.units),
        "units_done": dict(stats.done),
        "units_failed": stats.failed[:10],
        "client_retries": stats.retried,
        "answered_5xx_then_retried": dict(stats.statuses_5xx),
        "bad_input_sent": stats.bad_input_sent,
        "bad_input_not_4xx": stats.bad_input_not_4xx[:10],
        **figures,
    }
    report.append(row)
    print(json.dumps(row, default=str))
    assert not stats.failed, stats.failed[:5]
    assert row["events_lost"] == 0, flows
    assert row["effects_doubled"] == 0, doubled
    assert not any(half.values()), half
    assert not stats.bad_input_not_4xx, stats.bad_input_not_4xx[:5]
    assert 500 not in stats.statuses_5xx, "a fault must never answer 500"
    return row


def kill_group(suite: Suite, name: str) -> None:
    """SIGKILL a role's whole process group (no clean shutdown), then start it again."""
    suite.stop_process(name, kill=True)
    suite.start_process(name)


def gunicorn_workers(suite: Suite, name: str) -> list[int]:
    master = suite.processes[name].pid
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True, check=False)
    return [int(p) for p in out.stdout.split()]


# -- 1. processes killed ------------------------------------------------------------------------


def test_workers_and_a_web_process_killed_with_sigkill(suite, admin, report) -> None:
    big = Traffic(suite.gateway_url, admin, uuid.uuid4().hex[:8])
    result: dict[str, Any] = {}

    def fault() -> dict[str, Any]:
        killed = []
        for name in ("sales-worker", "billing-worker", "contacts-worker"):
            kill_group(suite, name)  # relay and consumer of each, mid-batch under traffic
            killed.append(name)
            time.sleep(1.0)
        # Mid-request for sure: a 3,000-row import in the request, then every web worker of
        # contacts killed; the client retries with its Idempotency-Key.
        importer = threading.Thread(
            target=lambda: result.update(created=big.big_import("kill", 3000)), daemon=True
        )
        importer.start()
        time.sleep(1.0)
        for pid in gunicorn_workers(suite, "contacts-web"):
            os.kill(pid, signal.SIGKILL)
            killed.append(f"contacts-web worker {pid}")
        for pid in gunicorn_workers(suite, "sales-web")[:1]:
            os.kill(pid, signal.SIGKILL)
            killed.append(f"sales-web worker {pid}")
        importer.join(big.give_up + 30)
        rows = scalar(
            suite.database_urls["contacts"],
            "SELECT count(*) FROM accounts WHERE name LIKE :p",
            p=f"FLTB {big.tag} kill %",
        )
        return {
            "killed": killed,
            "big_import_rows": rows,
            "big_import_created": result.get("created"),
        }

    row = run_case(
        "SIGKILL relay+consumer (3 workers), web workers mid-request", suite, admin, report, fault
    )
    # The killed import is all or nothing, and the retry completed it once.
    assert row["big_import_rows"] == 3000, row


# -- 2. the broker stopped ---------------------------------------------------------------------


def test_broker_stopped_mid_stream_then_started(
    suite, admin, report, rabbit: PrivateRabbit
) -> None:
    def fault() -> dict[str, Any]:
        rabbit.stop()
        time.sleep(OUTAGE_S)
        rabbit.start()
        return {"outage_s": OUTAGE_S}

    run_case(f"broker stopped {OUTAGE_S:.0f} s", suite, admin, report, fault)


# -- 3. a service's database unavailable --------------------------------------------------------


def _admin_sql(postgres: PrivatePostgres, sql: str) -> None:
    engine = sa.create_engine(f"{postgres.url_base}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def test_billing_database_unavailable_answers_503_quickly_and_resumes(
    suite, admin, report, postgres: PrivatePostgres
) -> None:
    db_name = suite.database_urls["billing"].rsplit("/", 1)[1]
    probe_url = f"{suite.gateway_url}/api/billing/v1/invoices?limit=1"

    def fault() -> dict[str, Any]:
        # Connections refused for billing's database alone; the others keep working.
        _admin_sql(postgres, f'ALTER DATABASE "{db_name}" ALLOW_CONNECTIONS false')
        _admin_sql(
            postgres,
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db_name}'",
        )
        statuses: list[int] = []
        slowest = 0.0
        types: set[str] = set()
        deadline = time.monotonic() + OUTAGE_S
        while time.monotonic() < deadline:
            started = time.monotonic()
            resp = requests.get(probe_url, headers=admin, timeout=30)
            slowest = max(slowest, time.monotonic() - started)
            statuses.append(resp.status_code)
            types.add(resp.headers.get("Content-Type", ""))
            time.sleep(0.5)
        _admin_sql(postgres, f'ALTER DATABASE "{db_name}" ALLOW_CONNECTIONS true')
        back = wait_until(
            lambda: requests.get(probe_url, headers=admin, timeout=30).status_code == 200, 60
        )
        return {
            "outage_s": OUTAGE_S,
            "probe_statuses": sorted(set(statuses)),
            "probe_503": statuses.count(503),
            "probe_slowest_s": round(slowest, 2),
            "probe_types": sorted(types),
            "resumed": back,
        }

    row = run_case(f"billing database refused {OUTAGE_S:.0f} s", suite, admin, report, fault)
    assert row["probe_statuses"] == [503], row["probe_statuses"]
    assert row["probe_types"] == ["application/problem+json"]
    assert row["resumed"]


# -- 4. a poison message -----------------------------------------------------------------------


def test_poison_message_is_parked_listed_and_replayed_after_the_fix(suite, admin, report) -> None:
    billing_db = suite.database_urls["billing"]
    tag = uuid.uuid4().hex[:8]
    traffic = Traffic(suite.gateway_url, admin, tag)
    traffic.setup()
    quote = traffic.call(
        "POST",
        "/api/sales/v1/quotes",
        {
            "account_id": traffic.account_id,
            "lines": [{"product_id": traffic.product_id, "quantity": 1}],
        },
    ).json()
    # The cause: billing's database refuses this quote's invoice (as a bad row would).
    trigger = f"""
        CREATE OR REPLACE FUNCTION faults_refuse() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'poison: invoice of quote %% refused', NEW.quote_id; END $$
        LANGUAGE plpgsql;
        CREATE TRIGGER faults_poison BEFORE INSERT ON invoices FOR EACH ROW
        WHEN (NEW.quote_id = '{quote["id"]}') EXECUTE FUNCTION faults_refuse();
    """.replace("%%", "%")
    engine = sa.create_engine(billing_db)
    with engine.begin() as conn:
        conn.exec_driver_sql(trigger)
    since = datetime.now(UTC) - timedelta(seconds=1)
    approved = traffic.call("POST", f"/api/sales/v1/quotes/{quote['id']}/approve", {})
    assert approved.status_code == 200, approved.text
    [(event_id, _)] = outbox_ids(suite.database_urls["sales"], "sales.quote.approved.v1", since)
    cli = [
        str(Path(sys.executable).parent / "crm-events"),
        "--amqp-url",
        suite.amqp_url,
        "--service",
        "billing",
    ]

    def parked() -> bool:
        out = subprocess.run(
            [*cli, "parked", "list", "--json"], capture_output=True, text=True, check=False
        )
        return event_id in out.stdout

    assert wait_until(parked, 60), "the poison event was not parked"
    listing = subprocess.run(
        [*cli, "parked", "show", event_id], capture_output=True, text=True, check=True
    )
    attempts = json.loads(listing.stdout)["headers"].get("x-attempt")
    with engine.begin() as conn:  # the operator fixes the cause...
        conn.exec_driver_sql("DROP TRIGGER faults_poison ON invoices")
    replay = subprocess.run(
        [*cli, "parked", "replay", event_id], capture_output=True, text=True, check=False
    )
    assert replay.returncode == 0, replay.stderr
    started = time.monotonic()
    invoiced = wait_until(
        lambda: (
            scalar(billing_db, "SELECT count(*) FROM invoices WHERE quote_id = :q", q=quote["id"])
            == 1
        ),
        60,
    )
    engine.dispose()
    row = {
        "fault": "poison message (billing refuses one invoice)",
        "events_sent": 1,
        "events_received": int(bool(inbox_ids(billing_db, [event_id]))),
        "events_lost": 0 if invoiced else 1,
        "effects_doubled": max(
            0,
            scalar(billing_db, "SELECT count(*) FROM invoices WHERE quote_id = :q", q=quote["id"])
            - 1,
        ),
        "recover_s": round(time.monotonic() - started, 1),
        "attempts_before_parking": attempts,
    }
    report.append(row)
    assert invoiced and row["effects_doubled"] == 0 and attempts == 3, row


# -- 5. a gRPC dependency down ------------------------------------------------------------------


def test_grpc_dependencies_down_conversion_fails_cleanly_and_360_degrades(
    suite, admin, report
) -> None:
    gw, tag = suite.gateway_url, uuid.uuid4().hex[:8]
    traffic = Traffic(gw, admin, tag)
    traffic.setup()
    lead = traffic.call(
        "POST", "/api/sales/v1/leads", {"last_name": "G", "company": f"FLT {tag} g"}
    )
    lead_id = lead.json()["id"]
    down = ("contacts-grpc", "sales-grpc", "billing-grpc")
    for name in down:
        suite.stop_process(name)
    try:
        started = time.monotonic()
        convert = requests.post(
            f"{gw}/api/sales/v1/leads/{lead_id}/convert", json={}, headers=admin, timeout=30
        )
        convert_s = time.monotonic() - started
        started = time.monotonic()
        overview = requests.get(
            f"{gw}/api/contacts/v1/accounts/{traffic.account_id}/overview",
            headers=admin,
            timeout=30,
        )
        overview_s = time.monotonic() - started
        unconverted = not requests.get(
            f"{gw}/api/sales/v1/leads/{lead_id}", headers=admin, timeout=10
        ).json()["converted"]
        half = scalar(
            suite.database_urls["contacts"],
            "SELECT count(*) FROM lead_conversions WHERE lead_id = :l",
            l=lead_id,
        )
    finally:
        for name in down:
            suite.start_process(name).wait_port(suite.ports[name], timeout=60)
    healed = time.monotonic()
    since = datetime.now(UTC) - timedelta(seconds=1)
    again = traffic.call("POST", f"/api/sales/v1/leads/{lead_id}/convert", {}, ok=(201,))
    flows, _ = settle(suite, since)
    parts = {
        k: v.get("status")
        for k, v in overview.json().items()
        if isinstance(v, dict) and "status" in v
    }
    row = {
        "fault": "gRPC down (contacts, sales, billing)",
        "events_sent": flows["conversion"]["sent"],
        "events_received": flows["conversion"]["received"],
        "events_lost": flows["conversion"]["lost"],
        "effects_doubled": sum(doubled_effects(suite.database_urls, tag).values()),
        "recover_s": round(time.monotonic() - healed, 1),
        "convert_while_down": convert.status_code,
        "convert_while_down_s": round(convert_s, 2),
        "convert_retry_after": convert.headers.get("Retry-After"),
        "overview_while_down": overview.status_code,
        "overview_while_down_s": round(overview_s, 2),
        "overview_parts": parts,
        "lead_left_unconverted": unconverted,
        "contacts_half_conversions": half,
        "converted_after": again.status_code,
    }
    report.append(row)
    assert convert.status_code == 503, convert.text
    assert convert.headers["Content-Type"].startswith("application/problem+json")
    assert unconverted and half == 0, row
    assert overview.status_code == 200 and "unavailable" in parts.values(), row
    assert again.status_code == 201 and row["events_lost"] == 0 and row["effects_doubled"] == 0


# -- 6. a burst of queued events for a consumer that was away -------------------------------------


BURST = int(setting("CRM_FAULT_BURST", 100_000, 10_000))
AGGREGATES = 50


def test_burst_of_queued_events_is_consumed_in_order_with_bounded_memory(
    suite, admin, report
) -> None:
    from crm_chassis.events.envelope import Envelope
    from crm_chassis.events.publisher import ConfirmingPublisher, Outgoing

    contacts_db = suite.database_urls["contacts"]
    traffic = Traffic(suite.gateway_url, admin, uuid.uuid4().hex[:8])
    traffic.setup()
    since = datetime.now(UTC) - timedelta(seconds=1)
    traffic.payment(0)
    [(_, body)] = [
        (i, b)
        for i, b in _outbox_bodies(
            suite.database_urls["billing"], "billing.payment.received.v1", since
        )
    ]
    model = Envelope.from_json(body)
    suite.stop_process("contacts-worker")  # the consumer is away (slow): the queue fills
    order: dict[str, tuple[int, int]] = {}
    publisher = ConfirmingPublisher(suite.amqp_url, connection_name="faults-burst")
    publisher.open()
    try:
        for start in range(0, BURST, 1000):
            batch = []
            for n in range(start, min(start + 1000, BURST)):
                aggregate = n % AGGREGATES
                env = Envelope.build(
                    type=model.type,
                    source=model.source,
                    subject=f"burst-{aggregate}",
                    data=model.data,
                )
                order[env.id] = (aggregate, n)
                batch.append(Outgoing("crm.events", env.type, env.body(), env.properties()))
            assert all(publisher.publish(batch, timeout=60))
    finally:
        publisher.close()
    t0 = datetime.now(UTC)
    proc = suite.start_process("contacts-worker")
    started = time.monotonic()
    samples: list[float] = []

    def consumed() -> bool:
        samples.append(rss_mb(proc.pid))
        return (
            scalar(
                contacts_db,
                "SELECT count(DISTINCT event_id) FROM inbox WHERE processed_at >= :t",
                t=t0,
            )
            >= BURST
        )

    done = wait_until(consumed, 600, interval=0.5)
    seconds = time.monotonic() - started
    ids = list(order)
    engine = sa.create_engine(contacts_db)
    with engine.connect() as conn:
        handled = conn.execute(
            sa.text(
                "SELECT event_id, min(processed_at) FROM inbox WHERE processed_at >= :t "
                "GROUP BY event_id"
            ),
            {"t": t0},
        ).all()
    engine.dispose()
    seen = {event_id: at for event_id, at in handled if event_id in order}
    out_of_order = 0
    last: dict[int, tuple[Any, int]] = {}
    for event_id, at in sorted(seen.items(), key=lambda kv: kv[1]):
        aggregate, n = order[event_id]
        if aggregate in last and last[aggregate][1] > n:
            out_of_order += 1
        last[aggregate] = (at, n)
    baseline = samples[0] if samples else 0.0
    row = {
        "fault": f"burst of {BURST} queued events, consumer away",
        "events_sent": BURST,
        "events_received": len(seen),
        "events_lost": BURST - len(seen),
        "effects_doubled": 0,
        "recover_s": round(seconds, 1),
        "consumed_per_s": round(len(seen) / seconds, 1) if seconds else None,
        "consumer_rss_start_mb": baseline,
        "consumer_rss_peak_mb": max(samples) if samples else None,
        "out_of_order_per_aggregate": out_of_order,
    }
    timeline = scalar(
        contacts_db,
        "SELECT count(*) FROM timeline_entries WHERE event_id IN (SELECT event_id FROM inbox "
        "WHERE processed_at >= :t)",
        t=t0,
    )
    row["effects_doubled"] = max(0, timeline - len(seen))
    report.append(row)
    del ids
    assert done and row["events_lost"] == 0, row
    assert out_of_order == 0 and row["effects_doubled"] == 0, row
    # Bounded: the consumer holds a prefetch window, not the backlog.
    assert row["consumer_rss_peak_mb"] - baseline < 100, row


def _outbox_bodies(url: str, event_type: str, since: datetime) -> list[tuple[str, str]]:
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


# -- 7. a soak -------------------------------------------------------------------------------------

SOAK_S = setting("CRM_FAULT_SOAK_S", 600, 60)
ROLES = (
    "contacts-web",
    "sales-web",
    "billing-web",
    "contacts-worker",
    "sales-worker",
    "billing-worker",
)


@pytest.mark.timeout(int(SOAK_S) + 600)
def test_soak_mixed_traffic_no_error_no_growing_memory_or_outbox(suite, admin, report) -> None:
    samples: list[dict[str, float]] = []

    def backlog() -> int:
        return sum(
            scalar(suite.database_urls[s], "SELECT count(*) FROM outbox WHERE published_at IS NULL")
            for s in ("contacts", "sales", "billing")
        )

    def fault() -> dict[str, Any]:
        deadline = time.monotonic() + SOAK_S
        while time.monotonic() < deadline:
            sample = {role: rss_mb(suite.processes[role].pid) for role in ROLES}
            sample["outbox_backlog"] = backlog()
            samples.append(sample)
            time.sleep(max(1.0, SOAK_S / 30))
        third = max(1, len(samples) // 3)
        growth = {
            role: round(
                _median([s[role] for s in samples[-third:]])
                - _median([s[role] for s in samples[:third]]),
                1,
            )
            for role in ROLES
        }
        return {
            "soak_s": SOAK_S,
            "rss_growth_mb": growth,
            "rss_end_mb": {role: samples[-1][role] for role in ROLES},
            "outbox_backlog_first_third_max": max(s["outbox_backlog"] for s in samples[:third]),
            "outbox_backlog_last_third_max": max(s["outbox_backlog"] for s in samples[-third:]),
        }

    row = run_case(
        f"soak {SOAK_S:.0f} s at {RATE:g} units/s", suite, admin, report, fault, before_s=0
    )
    assert all(g < 40 for g in row["rss_growth_mb"].values()), row["rss_growth_mb"]
    # The relay keeps up: the backlog at the end is no bigger than a poll's worth.
    assert row["outbox_backlog_last_third_max"] <= max(50, row["outbox_backlog_first_third_max"]), (
        row
    )


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def test_report_written(report) -> None:
    """Last: the table so far (scripts/test_faults.sh prints var/faults.json's)."""
    assert report, "no case ran"
