"""Log lines: JSON or console by CRM_LOG_FORMAT, and no secret in either (log_redaction)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from crm_chassis.log_redaction import REDACTED, is_secret_key, redact_secrets, scrub_text

JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEiLCJ0eXAiOiJ1c2VyIn0.c2lnbmF0dXJlLXBhcnQ"
PROGRAM = f"""
import logging
from crm_chassis.logging import configure_logging, get_logger
configure_logging("probe", "web")
log = get_logger("probe")
log.info("sign.in", username="ada@crm.test", password="pw-Secret-123",
         client_secret="cs-opaque-456", headers={{"Authorization": "Bearer {JWT}"}},
         body={{"refresh_token": "rt-opaque-789", "grant_type": "password"}})
logging.getLogger("foreign").warning("token in text: Bearer %s", "{JWT}")
try:
    raise ValueError("bad token {JWT}")
except ValueError:
    log.exception("failed")
"""
SECRETS = ("pw-Secret-123", "cs-opaque-456", "rt-opaque-789", JWT)


def _run(fmt: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("CRM_LOG_FORMAT", "CRM_LOG_COLOR")}
    if fmt:
        env["CRM_LOG_FORMAT"] = fmt
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.mark.parametrize("fmt", ["json", None])
def test_json_lines_without_secrets(fmt: str | None) -> None:
    # Unset and stderr not a terminal (captured here): JSON, as in containers.
    out = _run(fmt)
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [line["event"] for line in lines][:2] == ["sign.in", "token in text: Bearer [redacted]"]
    first = lines[0]
    assert first["service"] == "probe" and first["username"] == "ada@crm.test"
    assert first["password"] == REDACTED and first["client_secret"] == REDACTED
    assert first["headers"] == {"Authorization": REDACTED}
    assert first["body"] == {"refresh_token": REDACTED, "grant_type": "password"}
    assert "ValueError: bad token [redacted]" in lines[2]["exception"]
    for secret in SECRETS:
        assert secret not in out


def test_console_lines_are_readable_and_without_secrets() -> None:
    out = _run("console")
    assert not out.lstrip().startswith("{")
    first = out.splitlines()[0]
    assert "sign.in" in first and "username=ada@crm.test" in first
    assert "service=" not in first  # honcho's prefix says which process
    assert "ValueError: bad token [redacted]" in out
    for secret in SECRETS:
        assert secret not in out


def test_secret_keys() -> None:
    for key in ("password", "X-Refresh-Token", "client_secret", "Cookie", "set-cookie"):
        assert is_secret_key(key), key
    for key in ("token_type", "grant_type", "username", "status", 3):
        assert not is_secret_key(key), key


def test_text_shapes() -> None:
    assert scrub_text(f"url?t={JWT}&x=1") == f"url?t={REDACTED}&x=1"
    assert scrub_text("Authorization: Basic dXNlcjpwYXNzd29yZA==") == (
        f"Authorization: Basic {REDACTED}"
    )
    assert scrub_text("a basic question") == "a basic question"


def test_processor_keeps_plain_values() -> None:
    event = {"event": "x", "status": 200, "ok": True, "path": "/api/x", "token": None}
    assert redact_secrets(None, "info", dict(event)) == event
    flags = {"event": "x", "secret_rotated": True, "nested": {"password_set": False}}
    assert redact_secrets(None, "info", dict(flags)) == flags
    listed = redact_secrets(None, "info", {"event": "x", "tokens": ["opaque-1", "opaque-2"]})
    assert listed["tokens"] == REDACTED


def test_link_tokens_are_cut_out_of_logged_paths() -> None:
    from crm_chassis.log_redaction import redact_path

    path = "/api/support/v1/feedback/opaque-link-123"
    assert redact_path(path, {"token": "opaque-link-123"}) == (
        f"/api/support/v1/feedback/{REDACTED}"
    )
    assert redact_path("/api/x/v1/notes/42", {"note_id": "42"}) == "/api/x/v1/notes/42"
    assert redact_path("/api/x/v1/notes", None) == "/api/x/v1/notes"
