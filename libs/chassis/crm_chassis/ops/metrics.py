"""The Prometheus series of every role, and their rendering for a scrape.

Series (names are the contract of the alerts in deploy/k8s, generator/monitoring.py):

- ``crm_http_requests_total{route,method,status}`` and
  ``crm_http_request_duration_seconds{route,method}``: route is the URL rule (template),
  never the raw path, so ids do not explode the label set;
- ``crm_grpc_server_handled_total{method,code}``, ``crm_grpc_server_handling_seconds{method}``;
- ``crm_events_deliveries_total{queue}``, ``crm_events_retries_total{queue}``,
  ``crm_events_parked_total{queue}``, ``crm_outbox_published_total``;
- ``crm_outbox_backlog`` and ``crm_outbox_oldest_age_seconds`` (computed at scrape, worker);
- ``crm_db_pool_in_use{engine}``, ``crm_db_pool_size{engine}``.

Under gunicorn each worker writes its values to ``PROMETHEUS_MULTIPROC_DIR`` and a scrape
sums them (``MultiProcessCollector``); gauges use ``livesum`` so dead workers drop out.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from crm_chassis.ops import MULTIPROC_ENV


@functools.cache
def series() -> Any:
    """Create the series on first use, in the process that counts (after gunicorn's fork).

    prometheus_client picks in-memory or multiprocess values by ``PROMETHEUS_MULTIPROC_DIR``
    when it is imported, and the web role's master sets that variable only once the
    service's modules are imported: so no import of it, and no series, at import here.
    """
    from prometheus_client import Counter, Gauge, Histogram

    folder = os.environ.get(MULTIPROC_ENV)
    if folder:  # a role that never prepared it (migrate, a CLI in a pod) must not fail
        os.makedirs(folder, exist_ok=True)

    live = {"multiprocess_mode": "livesum"}
    return SimpleNamespace(
        http=Counter("crm_http_requests", "HTTP requests answered.", ["route", "method", "status"]),
        http_seconds=Histogram(
            "crm_http_request_duration_seconds", "HTTP request latency.", ["route", "method"]
        ),
        grpc=Counter("crm_grpc_server_handled", "gRPC calls completed.", ["method", "code"]),
        grpc_seconds=Histogram(
            "crm_grpc_server_handling_seconds", "gRPC call latency.", ["method"]
        ),
        deliveries=Counter(
            "crm_events_deliveries", "Event messages delivered to a consumer.", ["queue"]
        ),
        retries=Counter("crm_events_retries", "Event messages sent to a retry tier.", ["queue"]),
        parked=Counter(
            "crm_events_parked", "Event messages parked after their last try.", ["queue"]
        ),
        published=Counter("crm_outbox_published", "Outbox rows the broker confirmed."),
        pool_in_use=Gauge(
            "crm_db_pool_in_use", "Database connections checked out.", ["engine"], **live
        ),
        queue_depth=Gauge(
            "crm_events_queue_depth",
            "Messages waiting in a queue (events: consumer lag; parking: parked now).",
            ["queue"],
            multiprocess_mode="livemax",
        ),
        pool_size=Gauge(
            "crm_db_pool_size", "Database pool size (without overflow).", ["engine"], **live
        ),
    )


#: Collectors evaluated at scrape time in this process (the worker's outbox gauges).
_scrape_collectors: list[Any] = []


# Children of labelled series by label values: ``labels()`` takes a lock and builds keys,
# about as long as the increment itself, on every request.
_children: dict[tuple[str, ...], tuple[Any, Any]] = {}


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe_http(route: str, method: str, status: int, seconds: float) -> None:
    """Count one answered HTTP request and its latency (any other method as ``OTHER``: a
    client's made-up methods must not make series)."""
    method = method if method in _METHODS else "OTHER"
    key = ("http", route, method, str(status))
    pair = _children.get(key)
    if pair is None:
        m = series()
        pair = (m.http.labels(route, method, key[3]), m.http_seconds.labels(route, method))
        _children[key] = pair
    pair[0].inc()
    pair[1].observe(seconds)


def observe_grpc(method: str, code: str, seconds: float) -> None:
    """Count one completed gRPC call and its latency."""
    key = ("grpc", method, code)
    pair = _children.get(key)
    if pair is None:
        m = series()
        pair = _children[key] = (m.grpc.labels(method, code), m.grpc_seconds.labels(method))
    pair[0].inc()
    pair[1].observe(seconds)


#: Seconds between two looks of a consumer at its queues' depths.
QUEUE_DEPTH_EVERY = 15.0


def observe_queues(channel: Any, service: str) -> float:
    """Set the depth of ``service``'s events and parking queues (a passive declare each, on
    the consumer's own channel); return the monotonic time of the look."""
    import time

    from crm_chassis.events.topology import events_queue, parking_queue

    for queue in (events_queue(service), parking_queue(service)):
        declared = channel.queue_declare(queue, passive=True)
        series().queue_depth.labels(queue).set(declared.method.message_count)
    return time.monotonic()


def add_scrape_collector(collector: Any) -> None:
    """Add a collector evaluated at every scrape of this process (not multiprocess-summed)."""
    _scrape_collectors.append(collector)


class _Default:
    """The process's default registry, as one collector of a scrape registry."""

    def collect(self) -> Iterable[Any]:
        from prometheus_client import REGISTRY

        return REGISTRY.collect()


def render(extra: Iterable[Any] = ()) -> tuple[bytes, str]:
    """Return the exposition text of this role and its content type."""
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

    series()  # every series shows, at zero, before its first use
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Default())  # type: ignore[arg-type]
    for collector in (*_scrape_collectors, *extra):
        registry.register(collector)
    return generate_latest(registry), CONTENT_TYPE_LATEST


def mark_worker_dead(pid: int) -> None:
    """gunicorn's ``child_exit``: drop a dead worker's live gauges from the sums."""
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)


def watch_pool(engine: Any, name: str, size: Callable[[], int]) -> None:
    """Follow an engine's pool: connections checked out and its size."""
    from sqlalchemy import event

    m = series()
    in_use = m.pool_in_use.labels(name)
    m.pool_size.labels(name).set(size())
    event.listen(engine, "checkout", lambda *_: in_use.inc())
    event.listen(engine, "checkin", lambda *_: in_use.dec())
