"""Fault cases, part one: processes killed, the broker and a database down, a poison
message, gRPC dependencies down (make test-faults; named so that make test skips it).

Each case runs the real suite (all six services) on its private broker and PostgreSQL with
traffic flowing (crm_suite_testing.fault_traffic and fault_units), injects its fault, heals
it, and compares both sides of every flow (fault_ledger) until they agree: events lost 0,
effects doubled 0, nothing half written, every unit the client started complete, bad
input 4xx throughout.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

from crm_suite_testing.fault_checks import (
    OUTAGE_S,
    admin_sql,
    gunicorn_workers,
    kill_group,
    run_case,
    settle,
)
from crm_suite_testing.fault_ledger import doubled_effects, inbox_ids, outbox_ids, scalar
from crm_suite_testing.fault_traffic import Traffic
from crm_suite_testing.private_infra import PrivatePostgres, PrivateRabbit, wait_until
from crm_suite_testing.suite import Suite

# -- 1. processes killed ------------------------------------------------------------------------


def test_workers_and_a_web_process_killed_with_sigkill(
    suite, admin, report, postgres: PrivatePostgres
) -> None:
    big = Traffic(suite.gateway_url, admin, uuid.uuid4().hex[:8])
    result: dict[str, Any] = {}

    def fault() -> dict[str, Any]:
        killed = []
        for name in (
            "sales-worker",
            "billing-worker",
            "contacts-worker",
            "support-worker",
            "marketing-worker",
        ):
            kill_group(suite, name)  # relay and consumer of each, mid-batch under traffic
            killed.append(name)
            time.sleep(1.0)
        # Mid-request for sure: a 3,000-row import in the request; once its transaction has
        # been writing for a while, every web worker of contacts is killed. The client
        # retries with its Idempotency-Key.
        importer = threading.Thread(
            target=lambda: result.update(created=big.big_import("kill", 3000)), daemon=True
        )
        importer.start()
        result["mid_request"] = wait_until(
            lambda: long_write(suite, postgres, "contacts"), 30, 0.05
        )
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
            "killed_mid_request": result["mid_request"],
            "big_import_client_retries": big.stats.retried,
        }

    row = run_case(
        "SIGKILL relay+consumer (5 workers), web workers mid-request", suite, admin, report, fault
    )
    # The killed import is all or nothing, and the retry completed it once.
    assert row["killed_mid_request"] and row["big_import_client_retries"] > 0, row
    assert row["big_import_rows"] == 3000, row


def long_write(suite: Suite, postgres: PrivatePostgres, service: str) -> bool:
    """Whether a transaction has been writing to ``service``'s database for over 0.3 s."""
    db_name = suite.database_urls[service].rsplit("/", 1)[1]
    return bool(
        scalar(
            f"{postgres.url_base}/postgres",
            "SELECT count(*) FROM pg_stat_activity WHERE datname = :d "
            "AND backend_xid IS NOT NULL AND now() - xact_start > interval '0.3 seconds' "
            "AND query NOT ILIKE '%outbox%'",  # the relay's claim is short, but not ours
            d=db_name,
        )
    )


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


def test_billing_database_unavailable_answers_503_quickly_and_resumes(
    suite, admin, report, postgres: PrivatePostgres
) -> None:
    db_name = suite.database_urls["billing"].rsplit("/", 1)[1]

    def fault() -> dict[str, Any]:
        # Connections refused for billing's database alone; the others keep working.
        admin_sql(postgres, f'ALTER DATABASE "{db_name}" ALLOW_CONNECTIONS false')
        admin_sql(
            postgres,
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db_name}'",
        )
        seen = probe_billing(suite, admin, OUTAGE_S)
        admin_sql(postgres, f'ALTER DATABASE "{db_name}" ALLOW_CONNECTIONS true')
        return {"outage_s": OUTAGE_S, **seen, "resumed": billing_answers(suite, admin)}

    row = run_case(f"billing database refused {OUTAGE_S:.0f} s", suite, admin, report, fault)
    assert row["probe_statuses"] == [503], row["probe_statuses"]
    assert row["probe_types"] == ["application/problem+json"]
    assert row["resumed"]


def test_postgresql_stopped_answers_503_quickly_and_everything_resumes(
    suite, admin, report, postgres: PrivatePostgres
) -> None:
    def fault() -> dict[str, Any]:
        postgres.stop()  # every service's database at once, the relays' and consumers' too
        try:
            seen = probe_billing(suite, admin, OUTAGE_S)
        finally:
            postgres.start()
        return {"outage_s": OUTAGE_S, **seen, "resumed": billing_answers(suite, admin)}

    # Bad input stays 4xx here too: every service decides access with the copies it holds
    # (contacts' deny-list cache keeps a known caller's last answer while the database is away).
    row = run_case(f"PostgreSQL stopped {OUTAGE_S:.0f} s", suite, admin, report, fault)
    assert row["probe_statuses"] == [503], row["probe_statuses"]
    assert row["resumed"]


def probe_billing(suite: Suite, admin: dict[str, str], seconds: float) -> dict[str, Any]:
    """GET billing's invoices every half second for ``seconds``: statuses and the slowest."""
    statuses: list[int] = []
    slowest = 0.0
    types: set[str] = set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        resp = requests.get(
            f"{suite.gateway_url}/api/billing/v1/invoices?limit=1", headers=admin, timeout=30
        )
        slowest = max(slowest, time.monotonic() - started)
        statuses.append(resp.status_code)
        types.add(resp.headers.get("Content-Type", ""))
        time.sleep(0.5)
    return {
        "probe_statuses": sorted(set(statuses)),
        "probe_503": statuses.count(503),
        "probe_slowest_s": round(slowest, 2),
        "probe_types": sorted(types),
    }


def billing_answers(suite: Suite, admin: dict[str, str]) -> bool:
    url = f"{suite.gateway_url}/api/billing/v1/invoices?limit=1"
    return wait_until(lambda: requests.get(url, headers=admin, timeout=30).status_code == 200, 60)


# -- 4. a poison message -----------------------------------------------------------------------


def test_poison_message_is_parked_listed_and_replayed_after_the_fix(suite, admin, report) -> None:
    billing_db = suite.database_urls["billing"]
    traffic = Traffic(suite.gateway_url, admin, uuid.uuid4().hex[:8])
    traffic.setup()
    quote = traffic.call(
        "POST",
        "/api/sales/v1/quotes",
        {
            "account_id": traffic.account_id,
            "lines": [{"product_id": traffic.product_id, "quantity": 1}],
        },
    ).json()
    engine = sa.create_engine(billing_db)
    with engine.begin() as conn:  # the cause: billing's database refuses this quote's invoice
        conn.exec_driver_sql(POISON_TRIGGER.replace("QUOTE_ID", quote["id"]))
    since = datetime.now(UTC) - timedelta(seconds=1)
    approved = traffic.call("POST", f"/api/sales/v1/quotes/{quote['id']}/approve", {})
    assert approved.status_code == 200, approved.text
    # The traffic stream approves quotes too: this quote's event is the one whose subject
    # (aggregate id) is its id.
    approvals = outbox_ids(suite.database_urls["sales"], "sales.quote.approved.v1", since)
    [event_id] = [event for event, subject in approvals if subject == quote["id"]]
    listed = wait_until(
        lambda: event_id in crm_events(suite, "parked", "list", "--json").stdout, 60
    )
    assert listed, "the poison event was not parked"
    shown = json.loads(crm_events(suite, "parked", "show", event_id).stdout)
    with engine.begin() as conn:  # ... the operator fixes the cause and replays
        conn.exec_driver_sql("DROP TRIGGER faults_poison ON invoices")
    engine.dispose()
    replay = crm_events(suite, "parked", "replay", event_id)
    assert replay.returncode == 0, replay.stderr
    started = time.monotonic()

    def invoices() -> int:
        return scalar(
            billing_db, "SELECT count(*) FROM invoices WHERE quote_id = :q", q=quote["id"]
        )

    invoiced = wait_until(lambda: invoices() == 1, 60)
    row = {
        "fault": "poison message (billing refuses one invoice)",
        "events_sent": 1,
        "events_received": len(inbox_ids(billing_db, [event_id])),
        "events_lost": 0 if invoiced else 1,
        "effects_doubled": max(0, invoices() - 1),
        "recover_s": round(time.monotonic() - started, 1),
        "attempts_before_parking": shown["headers"].get("x-attempt"),
        "parked_error": str(shown["headers"].get("x-error-type")),
    }
    report.append(row)
    assert invoiced and row["effects_doubled"] == 0, row
    assert row["attempts_before_parking"] == 3, row  # the first try and two retry tiers


POISON_TRIGGER = """
    CREATE OR REPLACE FUNCTION faults_refuse() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'poison: this invoice is refused'; END $$ LANGUAGE plpgsql;
    CREATE TRIGGER faults_poison BEFORE INSERT ON invoices FOR EACH ROW
    WHEN (NEW.quote_id = 'QUOTE_ID') EXECUTE FUNCTION faults_refuse();
"""


def crm_events(suite: Suite, *args: str) -> subprocess.CompletedProcess[str]:
    """The operator's command (crm-events) against billing's queues on the suite's broker."""
    command = [str(Path(sys.executable).parent / "crm-events"), "--amqp-url", suite.amqp_url]
    return subprocess.run(
        [*command, "--service", "billing", *args], capture_output=True, text=True, check=False
    )


# -- 5. a gRPC dependency down ------------------------------------------------------------------


def test_grpc_dependencies_down_conversion_fails_cleanly_and_360_degrades(
    suite, admin, report
) -> None:
    tag = uuid.uuid4().hex[:8]
    traffic = Traffic(suite.gateway_url, admin, tag)
    traffic.setup()
    lead = traffic.call(
        "POST", "/api/sales/v1/leads", {"last_name": "G", "company": f"FLT {tag} g"}
    )
    lead_id = lead.json()["id"]
    down = ("contacts-grpc", "sales-grpc", "billing-grpc")
    for name in down:
        suite.stop_process(name)
    try:
        seen = while_grpc_down(suite, admin, lead_id, traffic.account_id)
    finally:
        for name in down:
            suite.start_process(name).wait_port(suite.ports[name], timeout=60)
    healed = time.monotonic()
    since = datetime.now(UTC) - timedelta(seconds=1)
    again = traffic.call("POST", f"/api/sales/v1/leads/{lead_id}/convert", {}, ok=(201,))
    flows, _ = settle(suite, since)
    row = {
        "fault": "gRPC down (contacts, sales, billing)",
        "events_sent": flows["conversion"]["sent"],
        "events_received": flows["conversion"]["received"],
        "events_lost": flows["conversion"]["lost"],
        "effects_doubled": sum(doubled_effects(suite.database_urls, tag).values()),
        "recover_s": round(time.monotonic() - healed, 1),
        "converted_after": again.status_code,
        **seen,
    }
    report.append(row)
    assert row["convert_while_down"] == 503 and row["convert_problem"], row
    assert row["lead_left_unconverted"] and row["contacts_half_conversions"] == 0, row
    assert row["overview_while_down"] == 200, row
    assert "unavailable" in row["overview_parts"].values(), row
    assert again.status_code == 201 and row["events_lost"] == 0 and row["effects_doubled"] == 0


def while_grpc_down(suite: Suite, admin: dict[str, str], lead_id: str, account_id: str) -> dict:
    """A conversion and a 360 view while the gRPC servers are down: what the caller sees."""
    gw = suite.gateway_url
    started = time.monotonic()
    convert = requests.post(
        f"{gw}/api/sales/v1/leads/{lead_id}/convert", json={}, headers=admin, timeout=30
    )
    convert_s = time.monotonic() - started
    started = time.monotonic()
    overview = requests.get(
        f"{gw}/api/contacts/v1/accounts/{account_id}/overview", headers=admin, timeout=30
    )
    overview_s = time.monotonic() - started
    lead = requests.get(f"{gw}/api/sales/v1/leads/{lead_id}", headers=admin, timeout=10).json()
    return {
        "convert_while_down": convert.status_code,
        "convert_problem": convert.headers.get("Content-Type", "").startswith(
            "application/problem+json"
        ),
        "convert_while_down_s": round(convert_s, 2),
        "overview_while_down": overview.status_code,
        "overview_while_down_s": round(overview_s, 2),
        "overview_parts": {
            k: v.get("status")
            for k, v in overview.json().items()
            if isinstance(v, dict) and "status" in v
        },
        "lead_left_unconverted": not lead["converted"],
        "contacts_half_conversions": scalar(
            suite.database_urls["contacts"],
            "SELECT count(*) FROM lead_conversions WHERE lead_id = :l",
            l=lead_id,
        ),
    }
