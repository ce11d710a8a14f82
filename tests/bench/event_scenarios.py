"""The event-path scenarios of ``make bench``: conversions at a fixed rate, the event hop
itself, and the saturation rates (conversions, and the hop draining a queue of its
events), each beside raw pika in the same run.

Since lead conversion asks contacts' ``ConvertLead`` RPC (the account exists when the
conversion answers 201), "lead converted -> account readable" is the conversion request
plus one read. The event that follows (``sales.lead.converted.v1``: sales' outbox, relay,
RabbitMQ, contacts' consumer) is measured on its own from the two databases: the outbox
row's ``created_at`` (in the converting transaction) to contacts' inbox row's
``processed_at`` (in the handling transaction).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import requests
import sqlalchemy as sa
from raw_baselines import paced, percentiles, pika_round_trips

from crm_chassis.events.schema import default_tables

CONVERTED = "sales.lead.converted.v1"


def _row(name: str, ours: float, base: float | None, unit: str, goal: str, **extra: Any) -> dict:
    ratio = round(ours / base, 3) if base else None
    row = {"scenario": name, "ours": ours, "baseline": base, "unit": unit, "ratio": ratio}
    return {**row, "goal": goal, **extra}


def _leads(env: Any, count: int, tag: str) -> list[str]:
    sales = env.suite.web_url("sales")
    out = []
    with requests.Session() as http:
        for i in range(count):
            body = {"first_name": "Ada", "last_name": f"{tag}{i}", "company": f"{tag} {i} Ltd"}
            resp = http.post(
                f"{sales}/api/sales/v1/leads", json=body, headers=env.headers, timeout=10
            )
            resp.raise_for_status()
            out.append(resp.json()["id"])
    return out


def _converter(env: Any) -> Any:
    sales, contacts = env.suite.web_url("sales"), env.suite.web_url("contacts")

    def convert(lead_id: str) -> float | None:
        """Seconds until the account is readable; None when the conversion is refused."""
        started = time.perf_counter()
        with requests.Session() as http:
            made = http.post(
                f"{sales}/api/sales/v1/leads/{lead_id}/convert",
                json={},
                headers=env.headers,
                timeout=60,
            )
            if made.status_code != 201:
                return None
            url = f"{contacts}/api/contacts/v1/accounts/{made.json()['account_id']}"
            while http.get(url, headers=env.headers, timeout=10).status_code != 200:
                if time.perf_counter() - started > 120:
                    return None
                time.sleep(0.002)
        return time.perf_counter() - started

    return convert


def event_hop_seconds(env: Any, timeout: float = 60.0) -> list[float]:
    """Outbox ``created_at`` in sales -> inbox ``processed_at`` in contacts, per conversion."""
    tables = default_tables()
    sales = sa.create_engine(env.suite.database_urls["sales"])
    contacts = sa.create_engine(env.suite.database_urls["contacts"])
    out, inbox = tables.outbox, tables.inbox
    try:
        with sales.connect() as conn:
            query = sa.select(out.c.id, out.c.created_at).where(out.c.type == CONVERTED)
            made = {event_id: at for event_id, at in conn.execute(query)}
        deadline = time.monotonic() + timeout
        while True:
            with contacts.connect() as conn:
                query = sa.select(inbox.c.event_id, inbox.c.processed_at)
                found = conn.execute(query.where(inbox.c.event_id.in_(list(made))))
                seen = {event_id: at for event_id, at in found}
            if len(seen) >= len(made) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        sales.dispose()
        contacts.dispose()
    return [_seconds(seen[k]) - _seconds(v) for k, v in made.items() if k in seen]


def _seconds(value: datetime | str) -> float:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=None).timestamp()


def conversion_rows(env: Any, count: int, rate: float) -> list[dict[str, Any]]:
    """Lead converted -> account readable, paced, and the event hop, beside raw pika."""
    leads = _leads(env, count, "Conv")
    outcomes = paced(_converter(env), leads, rate)
    done = [s for s in outcomes if s is not None]
    if not done:
        raise RuntimeError(f"all {count} conversions failed at {rate:g}/s")
    ours = {**percentiles(done), "failed": len(outcomes) - len(done)}
    hop = percentiles(event_hop_seconds(env))
    raw = percentiles(pika_round_trips(env.amqp_url, count, rate))
    detail = {"rate_per_s": rate, "count": count, "ours": ours, "event_hop": hop, "baseline": raw}
    name = f"lead converted -> account readable, %s @{rate:g}/s"
    return [
        _row(
            name % f"p50 ({ours['failed']} failed)",
            ours["p50_ms"],
            raw["p50_ms"],
            "ms",
            "p50 < 15 ms",
            detail=detail,
        ),
        _row(name % "p99", ours["p99_ms"], raw["p99_ms"], "ms", "p99 < 50 ms"),
        _row(
            "event sales outbox -> contacts handled, p50", hop["p50_ms"], raw["p50_ms"], "ms", "—"
        ),
        _row(
            "event sales outbox -> contacts handled, p99", hop["p99_ms"], raw["p99_ms"], "ms", "—"
        ),
    ]


def saturation_rows(env: Any, count: int, callers: int = 16) -> list[dict[str, Any]]:
    """Conversions/s by ``callers`` in a closed loop, and the event hop's own rate (a queue
    of conversion events drained by contacts' consumer), vs raw pika round trips/s."""
    leads = _leads(env, count, "Sat")
    convert = _converter(env)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=callers) as pool:
        outcomes = list(pool.map(convert, leads))
    ours = sum(1 for s in outcomes if s is not None) / (time.perf_counter() - started)
    stats: dict[str, float] = {}
    pika_round_trips(env.amqp_url, count, float("inf"), stats=stats)
    raw = stats["received"] / stats["seconds"]
    refused = sum(1 for s in outcomes if s is None)
    drained, drain_detail = drain_rate(env, count, callers)
    return [
        _row(
            f"event path saturation: conversions/s, {callers} callers ({refused} refused)",
            round(ours, 1),
            round(raw, 1),
            "/s",
            "≥ 0.5",
            detail={"count": count, "callers": callers},
        ),
        _row(
            "event hop saturation: queued conversion events handled/s by contacts",
            round(drained, 1),
            round(raw, 1),
            "/s",
            "≥ 0.5",
            detail=drain_detail,
        ),
    ]


def _converted_ids(env: Any) -> set[str]:
    engine = sa.create_engine(env.suite.database_urls["sales"])
    out = default_tables().outbox
    try:
        with engine.connect() as conn:
            return set(conn.execute(sa.select(out.c.id).where(out.c.type == CONVERTED)).scalars())
    finally:
        engine.dispose()


def drain_rate(env: Any, count: int, callers: int) -> tuple[float, dict[str, Any]]:
    """The event hop at its own limit: ``count`` conversion events queue up while contacts'
    worker is stopped; once it is back, handled events/s from its first to its last inbox
    row (``processed_at``), i.e. the consumer's rate, not the conversion requests'."""
    before = _converted_ids(env)
    leads = _leads(env, count, "Drain")
    env.suite.stop_process("contacts-worker")
    try:
        convert = _converter(env)
        with ThreadPoolExecutor(max_workers=callers) as pool:
            list(pool.map(convert, leads))
        made = _converted_ids(env) - before
        _wait_for_relay(env, made)
    finally:
        env.suite.start_process("contacts-worker")
    handled = _processed_at(env, made, timeout=300)
    moments = sorted(_seconds(at) for at in handled.values())
    span = moments[-1] - moments[0] if len(moments) > 1 else 0.0
    rate = (len(moments) - 1) / span if span > 0 else 0.0
    return rate, {"events": len(made), "handled": len(handled), "seconds": round(span, 3)}


def _wait_for_relay(env: Any, ids: set[str], timeout: float = 120.0) -> None:
    """Until sales' relay published them all: the queue is full when the consumer starts."""
    engine = sa.create_engine(env.suite.database_urls["sales"])
    out = default_tables().outbox
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            query = sa.select(sa.func.count()).where(
                out.c.id.in_(list(ids)), out.c.published_at.is_(None)
            )
            with engine.connect() as conn:
                if conn.execute(query).scalar() == 0:
                    return
            time.sleep(0.2)
    finally:
        engine.dispose()


def _processed_at(env: Any, ids: set[str], timeout: float) -> dict[str, Any]:
    engine = sa.create_engine(env.suite.database_urls["contacts"])
    inbox = default_tables().inbox
    deadline = time.monotonic() + timeout
    seen: dict[str, Any] = {}
    try:
        while len(seen) < len(ids) and time.monotonic() < deadline:
            query = sa.select(inbox.c.event_id, inbox.c.processed_at)
            with engine.connect() as conn:
                rows = conn.execute(query.where(inbox.c.event_id.in_(list(ids))))
                seen = {event_id: at for event_id, at in rows}
            time.sleep(0.2)
    finally:
        engine.dispose()
    return seen
