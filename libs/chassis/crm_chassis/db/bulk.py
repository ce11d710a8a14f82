"""Set-at-a-time inserts for bulk paths (imports, batch outbox writes).

Row-by-row ORM inserts run at a few thousand rows a second here; COPY on PostgreSQL
(inside the session's transaction) is several times faster than even ``executemany``,
which psycopg sends row by row. Other databases get one ``executemany``.

Set-at-a-time look-ups (``any_of``) send their keys as one array on PostgreSQL: a statement
with thousands of ``IN`` placeholders is too long for psycopg's query cache, so psycopg
re-parses it in Python on every execution (a quarter of an import's time in its profile).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session


def insert_many(session: Session, table: sa.Table, values: Sequence[dict[str, Any]]) -> None:
    """Insert ``values`` (dicts with the same keys) into ``table`` in the session's transaction."""
    if not values:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        session.execute(sa.insert(table), list(values))
        return
    columns = list(values[0])
    json_columns = {c for c in columns if isinstance(table.c[c].type, sa.JSON)}
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in values:
            copy.write_row([json.dumps(row[c]) if c in json_columns else row[c] for c in columns])


def any_of(session: Session, column: Any, values: Iterable[Any]) -> sa.ColumnElement[bool]:
    """``column IN values`` for a bulk look-up: ``column = ANY(:array)`` on PostgreSQL (one
    short, cacheable statement, the same index probes), ``IN`` elsewhere."""
    values = list(values)
    if session.get_bind().dialect.name != "postgresql":
        return column.in_(values)
    array = sa.bindparam(None, values, type_=postgresql.ARRAY(column.type))
    return column == sa.any_(array)
