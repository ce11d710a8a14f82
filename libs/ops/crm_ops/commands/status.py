"""``crmctl status``: every service's roles, health, outbox backlog and parked count."""

from __future__ import annotations

import os
from typing import Any

import click

from crm_ops import probes
from crm_ops.output import emit_json, emit_table, wants_json
from crm_ops.services import SERVICES, settings_of


def default_gateway() -> str:
    """The gateway's base URL: ``CRM_GATEWAY_URL``, else localhost on ``CRM_GATEWAY_PORT``."""
    explicit = os.environ.get("CRM_GATEWAY_URL")
    return explicit or f"http://localhost:{os.environ.get('CRM_GATEWAY_PORT', '8080')}"


def service_status(service: str, gateway: str) -> dict[str, Any]:
    """Probe one service: web through the gateway, gRPC health, its outbox and parking."""
    settings = settings_of(service)
    web = probes.web_ready(gateway, service)
    grpc = probes.grpc_serving(probes.grpc_target(service, settings), service)
    backlog = probes.outbox_backlog(settings.sqlalchemy_url())
    parked = probes.parked_count(settings.amqp_url, service)
    return {
        "service": service,
        "web": web,
        "grpc": grpc,
        "worker": probes.worker_ready(service),
        "outbox_backlog": backlog.get("unpublished"),
        "outbox_oldest_s": backlog.get("oldest_age_seconds"),
        "outbox_error": backlog.get("error"),
        "parked": parked.get("count"),
        "parked_error": parked.get("error"),
    }


def _row(doc: dict[str, Any]) -> dict[str, Any]:
    def show(value: Any) -> str:
        return "?" if value is None else str(value)

    oldest = doc["outbox_oldest_s"]
    return {
        "service": doc["service"],
        "web": doc["web"],
        "grpc": doc["grpc"],
        "worker": doc["worker"],
        "outbox": show(doc["outbox_backlog"]),
        "oldest": "-" if oldest is None else f"{oldest:.0f}s",
        "parked": show(doc["parked"]),
    }


@click.command(help="Health of every service's roles, outbox backlog and parked events.")
@click.option("--gateway", default=default_gateway, show_default="$CRM_GATEWAY_URL or :8080")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.pass_context
def status(ctx: click.Context, gateway: str, as_json: bool) -> None:
    """Exit status 1 when a web or gRPC role is not ready."""
    docs = [service_status(s, gateway.rstrip("/")) for s in SERVICES]
    if wants_json(ctx):
        emit_json(docs)
    else:
        columns = ("service", "web", "grpc", "worker", "outbox", "oldest", "parked")
        emit_table([_row(d) for d in docs], columns)
    if any(d["web"] != "ready" or d["grpc"] != "serving" for d in docs):
        ctx.exit(1)
