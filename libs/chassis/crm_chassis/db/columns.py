"""Column and index shapes every service's tables repeat.

- :func:`stamp_columns`: ``created_at``/``updated_at`` (UTC) and ``version`` (the optimistic
  concurrency counter behind ETag/If-Match) of an aggregate's row;
- :func:`trigram_index`: the pg_trgm GIN index on a table's ``search_text`` column, created on
  PostgreSQL only (SQLite searches with LIKE unindexed; the laptop's data is small).
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_chassis.db.types import UTCDateTime


def stamp_columns() -> list[sa.Column]:
    """Return new ``created_at``, ``updated_at`` and ``version`` columns (all NOT NULL)."""
    return [
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    ]


def trigram_index(table: str) -> sa.Index:
    """Return the index ``ix_<table>_search_trgm`` on ``search_text`` (PostgreSQL only)."""
    return sa.Index(
        f"ix_{table}_search_trgm",
        "search_text",
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    ).ddl_if(dialect="postgresql")
