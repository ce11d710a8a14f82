"""Fault cases, part two: a burst of queued events and a soak (make test-faults)."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from crm_chassis.events.envelope import Envelope
from crm_chassis.events.publisher import ConfirmingPublisher, Outgoing
from crm_suite_testing.fault_checks import (
    RATE,
    median,
    outbox_bodies,
    rss_mb,
    run_case,
    setting,
)
from crm_suite_testing.fault_ledger import column, scalar
from crm_suite_testing.fault_traffic import Traffic
from crm_suite_testing.private_infra import wait_until

# -- 6. a burst of queued events for a consumer that was away -------------------------------------


BURST = int(setting("CRM_FAULT_BURST", 100_000, 10_000))
#: How long the burst may take to drain (contacts' consumer handled about 17 events/s on a
#: busy 2-core machine: 100,000 would take over an hour there).
BURST_WAIT_S = setting("CRM_FAULT_BURST_WAIT_S", 900, 900)
AGGREGATES = 50


@pytest.mark.timeout(int(BURST_WAIT_S) + 900)
def test_burst_of_queued_events_is_consumed_in_order_with_bounded_memory(
    suite, admin, report, rabbit
) -> None:
    contacts_db = suite.database_urls["contacts"]
    traffic = Traffic(suite.gateway_url, admin, uuid.uuid4().hex[:8])
    traffic.setup()
    since = datetime.now(UTC) - timedelta(seconds=1)
    traffic.payment(0)  # a real payment event: the burst copies its payload
    [(_, body)] = outbox_bodies(
        suite.database_urls["billing"], "billing.payment.received.v1", since
    )
    idle = rss_mb(suite.processes["contacts-worker"].pid)  # warm, before the burst
    suite.stop_process("contacts-worker")  # the consumer is away (slow): the queue fills
    order = publish_burst(suite.amqp_url, Envelope.from_json(body))
    t0 = datetime.now(UTC)
    proc = suite.start_process("contacts-worker")
    started = time.monotonic()
    samples: list[float] = []
    seen: dict[str, Any] = {}

    def consumed() -> bool:
        samples.append(rss_mb(proc.pid))
        seen.update(handled_since(contacts_db, t0, order))
        return len(seen) >= BURST

    done = wait_until(consumed, BURST_WAIT_S, interval=1.0)
    seconds = time.monotonic() - started
    # Not drained in time: what is still queued is late, not lost (the queues say how many).
    queued = {} if done else contacts_queues(rabbit)
    # The effects of the events counted as handled (the consumer may go on meanwhile).
    took_effect = len(
        column(
            contacts_db,
            "SELECT event_id FROM timeline_entries WHERE event_id IN "
            "(SELECT event_id FROM inbox WHERE processed_at >= :t)",
            t=t0,
        )
        & set(seen)
    )
    row = {
        "fault": f"burst of {BURST} queued events, consumer away",
        "events_sent": BURST,
        "events_received": len(seen),
        "events_lost": BURST - len(seen) - queued.get("contacts.events", 0),
        "still_queued_at_give_up": queued,
        "effects_doubled": max(0, took_effect - len(seen)),
        "effects_missing": len(seen) - took_effect,
        "recover_s": round(seconds, 1),
        "consumed_per_s": round(len(seen) / seconds, 1) if seconds else None,
        "consumer_rss_idle_mb": idle,
        "consumer_rss_peak_mb": max(samples),
        "consumer_rss_series_mb": samples[:: max(1, len(samples) // 30)],  # the trend
        "out_of_order_per_aggregate": out_of_order(seen, order),
    }
    report.append(row)
    assert done and row["events_lost"] == 0, row
    assert row["out_of_order_per_aggregate"] == 0 and row["effects_doubled"] == 0, row
    assert row["effects_missing"] == 0, row
    # Bounded: the consumer holds a prefetch window, not the backlog.
    assert row["consumer_rss_peak_mb"] - idle < 50, row


def contacts_queues(rabbit: Any) -> dict[str, int]:
    """Messages in contacts' queues (events, retry tiers, parking) on the private broker."""
    listed = rabbit.ctl("list_queues", "-q", "--no-table-headers", "name", "messages")
    counts = {}
    for line in listed.splitlines():
        name, _, messages = line.strip().rpartition("\t")
        if name.startswith("contacts."):
            counts[name] = int(messages)
    return counts


def publish_burst(amqp_url: str, model: Envelope) -> dict[str, tuple[int, int]]:
    """Publish BURST copies of ``model`` over AGGREGATES subjects: {event id: (aggregate, n)}."""
    order: dict[str, tuple[int, int]] = {}
    publisher = ConfirmingPublisher(amqp_url, connection_name="faults-burst")
    publisher.open()
    try:
        for start in range(0, BURST, 1000):
            batch = []
            for n in range(start, min(start + 1000, BURST)):
                env = Envelope.build(
                    type=model.type,
                    source=model.source,
                    subject=f"burst-{n % AGGREGATES}",
                    data=model.data,
                )
                order[env.id] = (n % AGGREGATES, n)
                batch.append(Outgoing("crm.events", env.type, env.body(), env.properties()))
            assert all(publisher.publish(batch, timeout=60))
    finally:
        publisher.close()
    return order


def handled_since(url: str, t0: datetime, order: dict[str, Any]) -> dict[str, Any]:
    """{event id: when first handled} of the burst's events handled since ``t0``."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT event_id, min(processed_at) FROM inbox WHERE processed_at >= :t "
                    "GROUP BY event_id"
                ),
                {"t": t0},
            ).all()
    finally:
        engine.dispose()
    return {event_id: at for event_id, at in rows if event_id in order}


def out_of_order(seen: dict[str, Any], order: dict[str, tuple[int, int]]) -> int:
    """Events handled before an earlier one of the same aggregate."""
    count, last = 0, {}
    for event_id, _ in sorted(seen.items(), key=lambda kv: kv[1]):
        aggregate, n = order[event_id]
        if last.get(aggregate, -1) > n:
            count += 1
        last[aggregate] = n
    return count


# -- 7. a soak -------------------------------------------------------------------------------------

SOAK_S = setting("CRM_FAULT_SOAK_S", 600, 60)
ROLES = tuple(
    f"{service}-{role}"
    for role in ("web", "worker")
    for service in ("contacts", "sales", "billing", "support", "marketing")
)


@pytest.mark.timeout(int(SOAK_S) + 600)
def test_soak_mixed_traffic_no_error_no_growing_memory_or_outbox(suite, admin, report) -> None:
    samples: list[dict[str, float]] = []

    def backlog() -> int:
        return sum(
            scalar(suite.database_urls[s], "SELECT count(*) FROM outbox WHERE published_at IS NULL")
            for s in ("contacts", "sales", "billing", "support", "marketing")
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
                median([s[role] for s in samples[-third:]])
                - median([s[role] for s in samples[:third]]),
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
            # The trends, one sample every SOAK_S / 30 s.
            "outbox_backlog_series": [s["outbox_backlog"] for s in samples],
            "rss_series_mb": {role: [s[role] for s in samples] for role in ROLES},
        }

    row = run_case(
        f"soak {SOAK_S:.0f} s at {RATE:g} units/s", suite, admin, report, fault, before_s=0
    )
    assert all(g < 40 for g in row["rss_growth_mb"].values()), row["rss_growth_mb"]
    # The relay keeps up: the backlog at the end is no bigger than a poll's worth.
    assert row["outbox_backlog_last_third_max"] <= max(50, row["outbox_backlog_first_third_max"]), (
        row
    )
