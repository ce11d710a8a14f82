"""One look at a role or a store, answering a word or a number, never raising.

``status`` calls each of them for every service; a probe that cannot reach its target says
so (``down``, ``unreachable``) instead of failing the whole command.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import requests

from crm_ops import outbox

_TIMEOUT = 3.0


def web_ready(gateway: str, service: str) -> str:
    """``ready``, ``not ready (503)`` or ``down``: the web role's readiness via the gateway."""
    try:
        resp = requests.get(f"{gateway}/api/{service}/v1/health/ready", timeout=_TIMEOUT)
    except requests.RequestException:
        return "down"
    return "ready" if resp.status_code == 200 else f"not ready ({resp.status_code})"


def grpc_target(service: str, settings: Any) -> str:
    """``host:port`` of the gRPC role: ``CRM_<SVC>_GRPC_URL`` (h2c://...) or its settings."""
    url = os.environ.get(f"CRM_{service.upper()}_GRPC_URL", "")
    if url:
        return url.split("://", 1)[-1]
    return f"{settings.grpc_host}:{settings.grpc_port}"


def grpc_serving(target: str, service: str) -> str:
    """``serving``, ``not serving`` or ``down``: the standard gRPC health check."""
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    name = f"crm.{service}.v1.{service.capitalize()}Service"
    with grpc.insecure_channel(target) as channel:
        try:
            answer = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=name), timeout=_TIMEOUT
            )
        except grpc.RpcError:
            return "down"
    serving = answer.status == health_pb2.HealthCheckResponse.SERVING
    return "serving" if serving else "not serving"


def worker_ready(service: str) -> str:
    """The worker's ``/readyz`` when its ops URL is known (``CRM_<SVC>_WORKER_OPS_URL``).

    Locally the workers serve no ops port (``CRM_OPS_PORT`` unset): ``-``; the outbox
    backlog and its oldest age then say whether the relay keeps up.
    """
    url = os.environ.get(f"CRM_{service.upper()}_WORKER_OPS_URL", "")
    if not url:
        return "-"
    try:
        resp = requests.get(f"{url.rstrip('/')}/readyz", timeout=_TIMEOUT)
    except requests.RequestException:
        return "down"
    return "ready" if resp.status_code == 200 else f"not ready ({resp.status_code})"


def _missing_sqlite(url: str) -> bool:
    if not url.startswith("sqlite:///"):
        return False
    return not Path(url.removeprefix("sqlite:///")).exists()


def outbox_backlog(url: str) -> dict[str, Any]:
    """The outbox's unpublished count and oldest age, or ``error`` saying why not."""
    if _missing_sqlite(url):
        # Opening it would create an empty file where the service keeps its data.
        return {"error": "no database (not migrated?)"}
    try:
        found = outbox.backlog(url)
    except Exception as exc:  # noqa: BLE001 - any driver error is reported, not raised
        return {"error": f"{type(exc).__name__}: {exc}".splitlines()[0]}
    return {
        "unpublished": found.unpublished,
        "oldest_age_seconds": found.oldest_age_seconds,
        "failing": found.failing,
    }


def parked_count(amqp_url: str, service: str) -> dict[str, Any]:
    """How many messages wait in ``<service>.parking``, or ``error`` saying why not."""
    import logging

    import pika.exceptions

    from crm_chassis.events.parking import ParkingLot

    # pika logs every failed connection attempt as an error; the answer says it once.
    logging.getLogger("pika").setLevel(logging.CRITICAL)
    try:
        return {"count": ParkingLot(amqp_url, service).count()}
    except pika.exceptions.ChannelClosedByBroker as exc:
        if exc.reply_code == 404:  # a service that consumes nothing has no parking queue
            return {"count": 0, "note": "no parking queue"}
        return {"error": exc.reply_text}
    except (pika.exceptions.AMQPConnectionError, OSError):
        return {"error": "broker unreachable"}
    except Exception as exc:  # noqa: BLE001 - broker down or queue absent: reported
        return {"error": f"{type(exc).__name__}: {exc}".splitlines()[0]}
