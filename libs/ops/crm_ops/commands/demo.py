"""``crmctl demo load``: identity's demo users, then every service's data through the API."""

from __future__ import annotations

import os
import time

import click
import requests

from crm_ops.commands.status import default_gateway
from crm_ops.demo.client import ApiError
from crm_ops.output import emit_json, emit_table, wants_json


@click.group(help="The demo data set (README 'Demo data').")
def demo() -> None:
    """Demo data."""


@demo.command("load", help="Load the demo data set into every service; idempotent.")
@click.option("--gateway", default=default_gateway, show_default="$CRM_GATEWAY_URL or :8080")
@click.option(
    "--email",
    default=lambda: os.environ.get("CRM_ADMIN_EMAIL", "admin@crm.local"),
    show_default="$CRM_ADMIN_EMAIL",
    help="An administrator to sign in as.",
)
@click.option(
    "--password-env",
    default="CRM_ADMIN_PASSWORD",
    show_default=True,
    help="The environment variable holding that administrator's password.",
)
@click.option(
    "--remote",
    is_flag=True,
    help="Only the API: skip the steps that need the suite's databases here "
    "(identity's demo users, billing's overdue check).",
)
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.pass_context
def load(
    ctx: click.Context,
    gateway: str,
    email: str,
    password_env: str,
    remote: bool,
    as_json: bool,
) -> None:
    """Identity's users come from its own loader (in-process, as ``crm-identity-demo``);
    everything else goes through the gateway as the administrator."""
    from crm_ops.demo import loader

    password = os.environ.get(password_env, "")
    if not password:
        raise click.UsageError(f"set {password_env} to the administrator's password")
    started = time.monotonic()
    try:
        if not remote:
            loader.load_identity()
        counts = loader.load(gateway.rstrip("/"), email, password)
        if not remote:
            loader.run_overdue_check()
    except (ApiError, requests.RequestException) as exc:
        # What is loaded stays; a second run after the fix adds only the rest.
        raise click.ClickException(f"demo load stopped: {exc}") from exc
    seconds = round(time.monotonic() - started, 1)
    if wants_json(ctx):
        emit_json({"created": counts, "seconds": seconds})
        return
    emit_table([{"what": k, "created": v} for k, v in counts.items()], ("what", "created"))
    click.echo(f"demo data loaded in {seconds} s")
