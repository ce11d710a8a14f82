"""A structlog processor that keeps secrets out of every log line, whatever logged them.

Two nets, because neither alone is enough:

- by key: a value logged under a key that names a secret (``password``, ``client_secret``,
  ``refresh_token``, ``authorization``, ``cookie``, ...) is replaced, at any depth of nested
  dicts and lists. Opaque secrets (refresh tokens, client secrets) look like any random
  string, so their key is the only thing that gives them away;
- by shape: a JWT (three base64url parts, the first starting ``eyJ``) or a ``Bearer ...``
  credential inside any string (a message, an exception's text, a URL) is cut out, since
  an access token can turn up in text nobody meant to log.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

REDACTED = "[redacted]"

# Compared against the key lowercased with '-' as '_': 'X-Refresh-Token' is caught too.
SECRET_KEY_PARTS = (
    "password",
    "passwd",
    "secret",
    "token",
    "authorization",
    "cookie",
    "api_key",
    "apikey",
    "credential",
    "private_key",
)
# Keys that contain a part above but name no secret (the kind of token, not the token).
HARMLESS_KEYS = frozenset({"token_type", "grant_type", "token_endpoint"})

_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_BEARER = re.compile(r"\b(Bearer|bearer|BEARER|Basic)\s+[A-Za-z0-9._~+/=-]{8,}")
# Structural keys structlog and the chassis add themselves: never secrets, never rewritten.
_STRUCTURAL = frozenset({"event", "level", "timestamp", "logger", "trace_id", "span_id"})


def is_secret_key(key: object) -> bool:
    """True when a value logged under ``key`` must not be written."""
    if not isinstance(key, str):
        return False
    name = key.lower().replace("-", "_")
    if name in HARMLESS_KEYS:
        return False
    return any(part in name for part in SECRET_KEY_PARTS)


def scrub_text(text: str) -> str:
    """``text`` with every JWT and ``Bearer``/``Basic`` credential cut out."""
    if "eyJ" in text:
        text = _JWT.sub(REDACTED, text)
    if "earer" in text or "asic" in text:
        text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    return text


def _hidden(key: object, value: Any) -> bool:
    # None and a flag (secret_rotated=True) say nothing secret: kept.
    return is_secret_key(key) and value is not None and not isinstance(value, bool)


def scrub(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` with secret keys and secret-looking strings redacted."""
    if depth > 8:  # a pathological structure: say so rather than walk it
        return REDACTED
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, Mapping):
        return {k: REDACTED if _hidden(k, v) else scrub(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [scrub(item, depth + 1) for item in value]
    if isinstance(value, bytes):
        return scrub_text(value.decode("utf-8", "replace"))
    return value


def redact_path(path: str, params: Mapping[str, Any] | None) -> str:
    """``path`` with the values of its secret-named parameters cut out (a link's token:
    ``/feedback/<token>``), whatever they look like."""
    for key, value in (params or {}).items():
        if is_secret_key(key) and isinstance(value, str) and value:
            path = path.replace(value, REDACTED)
    return path


def redact_secrets(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: run last before rendering (after exceptions are formatted)."""
    for key, value in list(event.items()):
        if key in _STRUCTURAL and key != "event":
            continue
        if _hidden(key, value):
            event[key] = REDACTED
        elif isinstance(value, str | Mapping | list | tuple | set | frozenset | bytes):
            event[key] = scrub(value)
        elif not isinstance(value, int | float | bool | type(None)):
            # Objects are rendered with repr() later: scrub that text now.
            event[key] = scrub_text(repr(value))
    return event
