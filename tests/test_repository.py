"""Checks on the repository as a whole: lint clean, and every Procfile role installable."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from crm_suite_testing.suite import read_procfile

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_the_tree_is_ruff_clean():
    result = subprocess.run(
        [str(BIN / "ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_procfile_command_is_installed():
    missing = []
    for name, command in read_procfile(ROOT / "Procfile").items():
        program = shlex.split(command)[0]
        if program != "python" and not (BIN / program).exists() and not shutil.which(program):
            missing.append(f"{name}: {program}")
    assert not missing


def test_every_service_has_its_own_package_and_settings():
    for service in ("identity", "contacts", "sales", "billing", "support", "marketing"):
        root = ROOT / "services" / service
        assert (root / "pyproject.toml").is_file(), service
        assert (root / f"crm_{service}" / "config.py").is_file(), service


def test_the_import_contracts_hold():
    """Layers inside each service, a pure domain, independent services, a chassis free of
    services and rules (the import-linter contracts of the root pyproject.toml)."""
    result = subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
