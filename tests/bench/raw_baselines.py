"""Raw baselines and pacing for `make bench`: a pika publish -> consume round trip with
publisher confirms, and a fixed-rate driver shared with the suite's event-path scenario."""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pika


def paced(
    fn: Callable[[Any], float | None], items: Sequence[Any], rate: float
) -> list[float | None]:
    """Start ``fn(item)`` at a fixed rate (open loop: a slow call never delays the next)."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=64) as pool:
        futures = []
        for i, item in enumerate(items):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(fn, item))
        return [f.result() for f in futures]


def percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    rank99 = max(0, min(len(ordered) - 1, round(0.99 * len(ordered)) - 1))
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(ordered[rank99] * 1000, 2),
        "count": len(ordered),
    }


def pika_round_trips(
    amqp_url: str, count: int, rate: float, stats: dict[str, float] | None = None
) -> list[float]:
    """Publish ``count`` persistent messages at ``rate``/s (``inf``: as fast as confirms
    come back), each confirmed by the broker, to a durable queue consumed by another
    connection; return publish -> consume seconds. ``stats["seconds"]`` gets the time from
    the first publish to the last consume (the saturation rate's denominator) and
    ``stats["received"]`` how many were consumed."""
    queue = f"bench-raw-{uuid.uuid4().hex[:8]}"
    sent: dict[str, float] = {}
    latencies: list[float] = []
    done = threading.Event()
    ready = threading.Event()
    finished: list[float] = []

    def consume() -> None:
        conn = pika.BlockingConnection(pika.URLParameters(amqp_url))
        channel = conn.channel()
        channel.queue_declare(queue, durable=True)
        ready.set()
        for method, _props, body in channel.consume(queue, inactivity_timeout=1):
            if method is not None:
                latencies.append(time.perf_counter() - sent[body.decode()])
                channel.basic_ack(method.delivery_tag)
            if len(latencies) >= count or done.is_set():
                finished.append(time.perf_counter())
                break
        channel.cancel()
        conn.close()

    consumer = threading.Thread(target=consume, daemon=True)
    consumer.start()
    ready.wait(30)
    conn = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = conn.channel()
    channel.queue_declare(queue, durable=True)
    channel.confirm_delivery()
    start = time.perf_counter()
    try:
        for i in range(count):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            key = str(i)
            sent[key] = time.perf_counter()
            channel.basic_publish("", queue, key.encode(), pika.BasicProperties(delivery_mode=2))
        consumer.join(timeout=60)
        if stats is not None:
            # On an overloaded machine the consumer may not get them all within the wait:
            # the rate is then what it received in that time.
            stats["seconds"] = (finished[0] if finished else time.perf_counter()) - start
            stats["received"] = len(latencies)
    finally:
        done.set()
        channel.queue_delete(queue)
        conn.close()
    return latencies
