"""buf lint and buf format find nothing to complain about in protos/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROTOS = Path(__file__).resolve().parents[1]


def _buf() -> str:
    # buf-bin installs the binary beside the interpreter; fall back to PATH.
    beside = Path(sys.executable).parent / "buf"
    found = str(beside) if beside.exists() else shutil.which("buf")
    if not found:
        pytest.fail("buf is not installed (pip install buf-bin)")
    return found


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_buf(), *args], cwd=PROTOS, capture_output=True, text=True, timeout=120, check=False
    )


def test_buf_lint_finds_nothing() -> None:
    result = _run("lint")
    assert result.returncode == 0, result.stdout + result.stderr


def test_protos_are_buf_formatted() -> None:
    result = _run("format", "-d", "--exit-code")
    assert result.returncode == 0, "run `buf format -w` in protos/:\n" + result.stdout


def test_no_breaking_change_against_the_main_branch() -> None:
    # FILE-level breaking rules against protos/ on the base branch (CRM_PROTOS_BASE, default
    # main); in a feature branch this catches a renamed field or removed RPC before merge.
    base = os.environ.get("CRM_PROTOS_BASE", "main")
    repo = PROTOS.parent
    known = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "-e", f"{base}:protos/buf.yaml"],
        capture_output=True,
        check=False,
    )
    if known.returncode != 0:
        pytest.skip(f"{base} has no protos/ yet")
    result = _run("breaking", "--against", f"{repo / '.git'}#branch={base},subdir=protos")
    assert result.returncode == 0, result.stdout + result.stderr
