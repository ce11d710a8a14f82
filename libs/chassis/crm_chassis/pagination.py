"""Opaque keyset cursors and the SQL they stand for.

A cursor encodes the sort field, direction and the last row's (sort value, id); the next
page is ``WHERE (sort, id) > (:v, :id) ORDER BY sort, id LIMIT n+1``, so its cost does not
grow with the page number, unlike OFFSET.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, or_

from crm_chassis.errors import BadRequest, FieldError

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


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
    """Encode a cursor as URL-safe text."""
    raw = json.dumps(
        [cursor.sort, cursor.descending, _jsonable(cursor.value), cursor.id], separators=(",", ":")
    )
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(text: str, *, sort: str, descending: bool) -> Cursor:
    """Decode a cursor; refuse one that is malformed or was made for another sort order."""
    try:
        padded = text + "=" * (-len(text) % 4)
        s, d, v, i = json.loads(base64.urlsafe_b64decode(padded.encode()))
        cursor = Cursor(str(s), bool(d), _from_jsonable(v), str(UUID(str(i))))
    except Exception:  # noqa: BLE001 - any decoding failure is the client's bad cursor
        raise BadRequest(
            "The cursor is not valid.", errors=[FieldError("cursor", "malformed cursor")]
        ) from None
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
