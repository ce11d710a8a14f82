"""Every crmctl command answers --help (the issue's "--help on each")."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from crm_ops.cli import crmctl


def _paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _paths(command, (*prefix, name))
    return found


COMMANDS = _paths(crmctl)


def test_the_commands_of_the_issue_are_there() -> None:
    wanted = {
        ("migrate",),
        ("status",),
        ("events", "parked", "list"),
        ("events", "parked", "show"),
        ("events", "parked", "replay"),
        ("events", "parked", "purge"),
        ("events", "republish"),
        ("service-accounts", "create"),
        ("demo", "load"),
        ("users", "create-admin"),
    }
    assert wanted <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(crmctl, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: crmctl {' '.join(path)}")


def test_an_unknown_service_is_a_usage_error() -> None:
    result = CliRunner().invoke(crmctl, ["migrate", "payroll"])
    assert result.exit_code == 2
    assert "payroll" in result.output


def test_demo_load_needs_the_password_and_says_why_it_stopped(monkeypatch) -> None:
    monkeypatch.delenv("CRM_ADMIN_PASSWORD", raising=False)
    args = ["demo", "load", "--remote", "--gateway", "http://127.0.0.1:1"]
    unset = CliRunner().invoke(crmctl, args)
    assert unset.exit_code == 2 and "CRM_ADMIN_PASSWORD" in unset.output
    monkeypatch.setenv("CRM_ADMIN_PASSWORD", "secret-for-the-test")
    down = CliRunner().invoke(crmctl, args)
    assert down.exit_code == 1 and "demo load stopped" in down.output
