"""Opaque keyset cursors and the SQL they stand for.

A cursor encodes the sort field, direction and the last row's (sort value, id); the next
page is ``WHERE (sort, id) > (:v, :id) ORDER BY sort, id LIMIT n+1``, so its cost does not
grow with the page number, unlike OFFSET.

Cursors are signed (HMAC-SHA256 with the service's cursor secret, :func:`use_cursor_secret`,
from ``<SERVICE>_CURSOR_SECRET``): a cursor the service did not make, or one edited by a
client, is a 400 naming ``cursor`` (gRPC ``INVALID_ARGUMENT``) before any of its values
reaches SQL. REST lists and gRPC ``page_token`` use the same cursors.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, or_

from crm_chassis.errors import BadRequest, FieldError

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
#: A cursor longer than this was not made here (ours are well under 1 KB).
MAX_CURSOR_LENGTH = 2048
_MAC_BYTES = 16

# Until a service configures its secret, each process signs with its own random key.
_secret: bytes = secrets.token_bytes(32)


def use_cursor_secret(secret: str | bytes) -> None:
    """Sign and check cursors with ``secret`` from now on (every process of a service must
    use the same one, or a cursor made by one process is refused by another)."""
    global _secret
    if not secret:
        raise ValueError("the cursor secret must not be empty")
    _secret = secret.encode() if isinstance(secret, str) else bytes(secret)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode())


def _mac(raw: bytes) -> bytes:
    return hmac.new(_secret, raw, hashlib.sha256).digest()[:_MAC_BYTES]


def _malformed() -> BadRequest:
    return BadRequest("The cursor is not valid.", errors=[FieldError("cursor", "malformed cursor")])


@dataclass(frozen=True)
class ListParams:
    """What a caller asks of a list; ``filters`` maps a field name to its wanted value(s)."""

    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
    sort: str | None = None
    q: str | None = None
    updated_since: datetime | None = None
    filters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Cursor:
    sort: str
    descending: bool
    value: Any
    id: str


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, UUID):
        return str(value)
    return value


def _from_jsonable(value: Any) -> Any:
    if isinstance(value, dict) and "t" in value:
        return datetime.fromisoformat(value["t"])
    return value


def encode_cursor(cursor: Cursor) -> str:
    """Encode a cursor as URL-safe text: ``<payload>.<signature>``."""
    raw = json.dumps(
        [cursor.sort, cursor.descending, _jsonable(cursor.value), cursor.id], separators=(",", ":")
    ).encode()
    return f"{_b64(raw)}.{_b64(_mac(raw))}"


def _verified_payload(text: str) -> bytes:
    """The cursor's payload when its signature is ours; otherwise a 400 naming ``cursor``."""
    if len(text) > MAX_CURSOR_LENGTH:
        raise _malformed()
    payload, dot, signature = text.partition(".")
    try:
        raw, mac = _unb64(payload), _unb64(signature)
    except (binascii.Error, ValueError):
        raise _malformed() from None
    if not dot or not hmac.compare_digest(mac, _mac(raw)):
        raise _malformed()
    return raw


def decode_cursor(text: str, *, sort: str, descending: bool) -> Cursor:
    """Decode a cursor; refuse one that is unsigned, tampered with, malformed or made for
    another sort order."""
    raw = _verified_payload(text)
    try:
        s, d, v, i = json.loads(raw)
        cursor = Cursor(str(s), bool(d), _from_jsonable(v), str(UUID(str(i))))
    except Exception:  # noqa: BLE001 - any decoding failure is the client's bad cursor
        raise _malformed() from None
    if cursor.sort != sort or cursor.descending != descending:
        raise BadRequest(
            "The cursor belongs to a different sort order.",
            errors=[FieldError("cursor", "cursor does not match sort")],
        )
    return cursor


def parse_sort(text: str | None, allowed: set[str], default: str) -> tuple[str, bool]:
    """Parse ``sort=name`` / ``sort=-name`` against the fields a list may sort by."""
    text = text or default
    descending = text.startswith("-")
    name = text.lstrip("-")
    if name not in allowed:
        raise BadRequest(
            f"Cannot sort by '{name}'.",
            errors=[FieldError("sort", f"must be one of {sorted(allowed)}")],
        )
    return name, descending


def keyset(
    stmt: Select[Any],
    sort_col: ColumnElement[Any],
    id_col: ColumnElement[Any],
    *,
    descending: bool,
    after: Cursor | None,
    limit: int,
) -> Select[Any]:
    """Add the keyset WHERE, ORDER BY and LIMIT (one extra row to know if a page follows)."""
    if after is not None:
        value, last_id = after.value, UUID(after.id)
        if descending:
            cond = or_(sort_col < value, and_(sort_col == value, id_col < last_id))
        else:
            cond = or_(sort_col > value, and_(sort_col == value, id_col > last_id))
        stmt = stmt.where(cond)
    order = (sort_col.desc(), id_col.desc()) if descending else (sort_col.asc(), id_col.asc())
    return stmt.order_by(*order).limit(limit + 1)


def page(
    rows: list[Any],
    *,
    limit: int,
    sort: str,
    descending: bool,
    key: Any,
) -> tuple[list[Any], str | None]:
    """Trim the extra row and build the next cursor from the last row kept.

    ``key(row)`` returns ``(sort_value, id)``.
    """
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    value, row_id = key(rows[-1])
    return rows, encode_cursor(Cursor(sort, descending, value, str(row_id)))
