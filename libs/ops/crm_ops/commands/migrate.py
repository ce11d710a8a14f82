"""``crmctl migrate``: each service's own migrate entrypoint, in the suite's order."""

from __future__ import annotations

import subprocess

import click

from crm_ops.output import emit_json, wants_json
from crm_ops.services import SERVICES, check_services, migrate_command


@click.command(help="Migrate the databases of SERVICE... (all, identity first, when none).")
@click.argument("service", nargs=-1, type=click.Choice(SERVICES))
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.pass_context
def migrate(ctx: click.Context, service: tuple[str, ...], as_json: bool) -> None:
    """Run ``crm-<service>-migrate`` for each service; stop at the first that fails."""
    chosen = check_services(service)
    done = []
    for name in (s for s in SERVICES if s in chosen):
        if not wants_json(ctx):
            click.echo(f"==> migrating {name}")
        # The entrypoint's own output goes to stderr: stdout holds only crmctl's answer.
        result = subprocess.run(migrate_command(name), check=False, capture_output=True, text=True)
        click.echo(result.stdout + result.stderr, err=True, nl=False)
        if result.returncode != 0:
            if wants_json(ctx):
                emit_json({"migrated": done, "failed": name})
            raise click.ClickException(f"crm-{name}-migrate exited with {result.returncode}")
        done.append(name)
    if wants_json(ctx):
        emit_json({"migrated": done})
