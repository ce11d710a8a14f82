"""Hostile inputs for services' tests (issue 12, "no input gets a 5xx")."""

from __future__ import annotations

import base64
import json

#: Query values every date/datetime parameter must refuse with 422.
FAR_DATES = ("0001-01-01", "9999-12-31", "9999-12-31T23:59:59Z")


def tampered_cursor(cursor: str) -> str:
    """The same cursor with its sort value replaced and its signature kept (what a client
    that edits an opaque cursor sends); the service must answer 400 naming ``cursor``."""
    payload, _, signature = cursor.partition(".")
    raw = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    raw[2] = [1, {"t": "0001-01-01"}]
    forged = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")
    return f"{forged}.{signature}"


def deep_json(depth: int = 1000) -> str:
    """A small JSON object nested ``depth`` levels (about 2 bytes a level)."""
    return '{"name": ' + "[" * depth + "]" * depth + "}"
