"""The ``outbox`` and ``inbox`` tables every service carries, and their v1 migration.

``add_event_tables(metadata)`` puts both tables on a service's own MetaData, so Alembic's
autogenerate sees them beside the business tables. The migration that creates them calls
``create_event_tables_v1(op)``: an explicit, frozen copy of the v1 shape, so that a later
change here never rewrites history in a service's migrations (a v2 gets its own function).

Why ``seq`` is the primary key and ``id`` only unique: SQLite autoincrements nothing but the
``INTEGER PRIMARY KEY`` (the rowid), and the relay needs a cheap, portable ordering column
that both SQLite and PostgreSQL fill in. ``seq`` orders rows by insertion (on PostgreSQL,
roughly: a transaction that takes a lower number may commit later; the relay selects by
``published_at IS NULL``, never ``seq > last``, so a late row is never skipped). The
event id stays unique, and is what consumers deduplicate on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import MetaData, Table

from crm_chassis.db.types import UTCDateTime

OUTBOX = "outbox"
INBOX = "inbox"

# BIGSERIAL on PostgreSQL; INTEGER PRIMARY KEY (rowid alias) on SQLite.
_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_UNPUBLISHED = sa.text("published_at IS NULL")


@dataclass(frozen=True)
class EventTables:
    """The two event tables of one MetaData."""

    outbox: Table
    inbox: Table


def add_event_tables(metadata: MetaData) -> EventTables:
    """Define ``outbox`` and ``inbox`` on ``metadata`` (once) and return them."""
    if OUTBOX in metadata.tables:
        return EventTables(metadata.tables[OUTBOX], metadata.tables[INBOX])
    outbox = Table(
        OUTBOX,
        metadata,
        sa.Column("seq", _SEQ, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.UniqueConstraint("id", name="uq_outbox_id"),
        sa.Index(
            "ix_outbox_unpublished",
            "seq",
            postgresql_where=_UNPUBLISHED,
            sqlite_where=_UNPUBLISHED,
        ),
        sa.Index("ix_outbox_published_at", "published_at"),
        sqlite_autoincrement=True,
    )
    inbox = Table(
        INBOX,
        metadata,
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("handler", sa.String(200), nullable=False),
        sa.Column("processed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "handler", name="pk_inbox"),
        sa.Index("ix_inbox_processed_at", "processed_at"),
    )
    return EventTables(outbox, inbox)


_default: EventTables | None = None


def default_tables() -> EventTables:
    """Return table objects of the standard shape, for code given no service MetaData.

    The relay and consumer only build Core statements, which need names and columns, not
    the service's MetaData object; this private MetaData is built on first use.
    """
    global _default
    if _default is None:
        _default = add_event_tables(MetaData())
    return _default


def create_event_tables_v1(op: Any) -> None:
    """Create ``outbox`` and ``inbox`` (v1) from an Alembic migration's ``upgrade()``."""
    op.create_table(
        OUTBOX,
        sa.Column("seq", _SEQ, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.UniqueConstraint("id", name="uq_outbox_id"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_outbox_unpublished",
        OUTBOX,
        ["seq"],
        postgresql_where=_UNPUBLISHED,
        sqlite_where=_UNPUBLISHED,
    )
    op.create_index("ix_outbox_published_at", OUTBOX, ["published_at"])
    op.create_table(
        INBOX,
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("handler", sa.String(200), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "handler", name="pk_inbox"),
    )
    op.create_index("ix_inbox_processed_at", INBOX, ["processed_at"])


def drop_event_tables_v1(op: Any) -> None:
    """Drop what :func:`create_event_tables_v1` created (an Alembic ``downgrade()``)."""
    op.drop_index("ix_inbox_processed_at", table_name=INBOX)
    op.drop_table(INBOX)
    op.drop_index("ix_outbox_published_at", table_name=OUTBOX)
    op.drop_index("ix_outbox_unpublished", table_name=OUTBOX)
    op.drop_table(OUTBOX)
