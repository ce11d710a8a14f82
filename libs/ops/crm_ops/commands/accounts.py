"""``crmctl service-accounts`` and ``crmctl users``: identity's own operator functions."""

from __future__ import annotations

import sys

import click

from crm_chassis.errors import AppError
from crm_ops.output import emit_json, wants_json


def _refused(exc: AppError) -> click.ClickException:
    """Identity's own refusal (email taken, weak password, bad scope) as one line."""
    details = "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
    return click.ClickException(f"{exc.detail}{' (' + details + ')' if details else ''}")


@click.group("service-accounts", help="Clients that call the API with client credentials.")
def service_accounts() -> None:
    """Service accounts in identity."""


@service_accounts.command("create", help="Create a service account; its secret is shown once.")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, required=True, help="A scope; repeatable.")
@click.option("--client-id", default=None, help="Client id (default: made from NAME).")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.pass_context
def create_service_account(
    ctx: click.Context, name: str, scopes: tuple[str, ...], client_id: str | None, as_json: bool
) -> None:
    """Print the client id and secret: identity keeps only the secret's hash."""
    from crm_identity.entrypoints.admin import create_service_account as create

    try:
        made = create(name, tuple(s for scope in scopes for s in scope.split()), client_id)
    except AppError as exc:
        raise _refused(exc) from exc
    if wants_json(ctx):
        emit_json(
            {"client_id": made.client_id, "client_secret": made.secret, "scopes": list(made.scopes)}
        )
        return
    click.echo(f"client_id:     {made.client_id}")
    click.echo(f"client_secret: {made.secret}")
    click.echo(f"scopes:        {' '.join(made.scopes)}")
    click.echo("The secret is shown this once; identity keeps only its hash.", err=True)


@click.group(help="People who sign in.")
def users() -> None:
    """Users in identity."""


@users.command("create-admin", help="Create an administrator (asks for the password).")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--name", "display_name", default="Administrator", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.pass_context
def create_admin(
    ctx: click.Context, email: str, password_stdin: bool, display_name: str, as_json: bool
) -> None:
    """The password policy applies; the password is never echoed or logged."""
    from crm_identity.entrypoints.admin import create_admin as create

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise click.UsageError("an empty password")
    try:
        user_id = create(email, password, display_name)
    except AppError as exc:
        raise _refused(exc) from exc
    if wants_json(ctx):
        emit_json({"id": str(user_id), "email": email})
    else:
        click.echo(f"created administrator {email} ({user_id})")
