"""The audience's tables: templates, mailing lists and members, segments, suppressions.

Added to the service's metadata by ``tables.py``; migration ``0003`` creates them.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from crm_chassis.db.types import UTCDateTime


@dataclass(frozen=True)
class AudienceTables:
    templates: sa.Table
    lists: sa.Table
    members: sa.Table
    segments: sa.Table
    suppressions: sa.Table


def _stamps() -> list[sa.Column]:
    return [
        # A user or group (record-level access, like campaigns); NULL: administrators only.
        sa.Column("owner_id", sa.Uuid, index=True),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    ]


def add_audience_tables(metadata: sa.MetaData) -> AudienceTables:
    """Add the audience's tables to the service's ``metadata``."""
    lists, members, segments = _list_tables(metadata)
    suppressions = sa.Table(
        "suppressions",
        metadata,
        # Lower-cased: one row per address whatever its spelling.
        sa.Column("address", sa.String(320), primary_key=True),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("mailing_id", sa.Uuid),
        sa.Column("contact_id", sa.Uuid),
        sa.Column("lead_id", sa.Uuid),
        sa.Column("note", sa.Text),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    templates = sa.Table(
        "mail_templates",
        metadata,
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, index=True),
        sa.Column("description", sa.Text),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("text", sa.Text),
        *_stamps(),
    )
    return AudienceTables(templates, lists, members, segments, suppressions)


def _list_tables(metadata: sa.MetaData) -> tuple[sa.Table, sa.Table, sa.Table]:
    lists = sa.Table(
        "mailing_lists",
        metadata,
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, index=True),
        sa.Column("description", sa.Text),
        *_stamps(),
    )
    members = sa.Table(
        "mailing_list_members",
        metadata,
        sa.Column(
            "list_id",
            sa.Uuid,
            sa.ForeignKey("mailing_lists.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        # "contact" or "lead": the two kinds of record a list may hold.
        sa.Column("member_type", sa.String(10), primary_key=True),
        sa.Column("member_id", sa.Uuid, primary_key=True),
        sa.Column("added_by", sa.String(100), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
    )
    segments = sa.Table(
        "segments",
        metadata,
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, index=True),
        sa.Column("description", sa.Text),
        # Which records the filter selects: "contacts", "leads" or "both".
        sa.Column("record_types", sa.String(10), nullable=False),
        sa.Column("filter", sa.JSON, nullable=False),
        *_stamps(),
    )
    return lists, members, segments
