"""crmctl's tests: CliRunner against temporary SQLite databases (and a private vhost)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crm_ops.cli import crmctl


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Result]:
    """Invoke crmctl in-process; every service's data under ``tmp_path`` unless set."""
    monkeypatch.setenv("CRM_VAR_DIR", str(tmp_path))
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(crmctl, list(args), input=input, catch_exceptions=False)

    return invoke
