"""``crmctl``: the operator's one command for the whole suite.

    crmctl migrate [SERVICE...]
    crmctl status [--gateway URL]
    crmctl events parked list|show ID|replay ID|replay --all|purge ID|purge --all --service S
    crmctl events republish ID --service S
    crmctl service-accounts create NAME --scope S [--scope S ...]
    crmctl users create-admin EMAIL [--password-stdin]
    crmctl demo load [--gateway URL]

Every command takes ``--help``; ``--json`` (before or after the command) prints JSON.
Destructive actions ask first unless ``--yes``. Settings come from the same environment
variables as the services (``CONTACTS_DATABASE_URL``, ``CRM_AMQP_URL``, ...), so crmctl run
beside ``make up`` sees what the suite sees.
"""

from __future__ import annotations

import os
import sys

import click

from crm_chassis.logging import configure_logging
from crm_ops.commands import accounts, demo, events, migrate, status


@click.group(context_settings={"max_content_width": 100, "help_option_names": ["-h", "--help"]})
@click.option("--json", "as_json", is_flag=True, help="JSON output instead of tables.")
@click.pass_context
def crmctl(ctx: click.Context, as_json: bool) -> None:
    """The operator's one command for the CRM suite."""
    ctx.obj = {"json": as_json}
    # The services' functions crmctl calls log: JSON lines on stderr, warnings and worse
    # unless CRM_LOG_LEVEL says otherwise, so stdout holds only the command's answer.
    configure_logging(
        "crmctl", ctx.invoked_subcommand or "cli", os.environ.get("CRM_LOG_LEVEL", "WARNING")
    )


crmctl.add_command(migrate.migrate)
crmctl.add_command(status.status)
crmctl.add_command(events.events)
crmctl.add_command(accounts.service_accounts)
crmctl.add_command(accounts.users)
crmctl.add_command(demo.demo)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    crmctl.main(args=argv if argv is not None else sys.argv[1:], prog_name="crmctl")
