"""The online lead forms' tables: forms and their submissions (on the service's metadata).

A form's definition (fields, mapping, URLs, origins, limits) is one JSON document: it is
read and written whole, and only the columns lists filter on are columns of their own.
Submissions are insert-only; the rate limits count them by client address (a keyed hash,
never the address itself) and by form over the last hour, hence the two time indexes.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_chassis.db.types import UTCDateTime


def add_form_tables(metadata: sa.MetaData) -> tuple[sa.Table, sa.Table]:
    """Add the forms and their submissions to the service's ``metadata``."""
    lead_forms = sa.Table(
        "lead_forms",
        metadata,
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("owner_id", sa.Uuid, nullable=False, index=True),
        sa.Column("campaign_id", sa.Uuid, index=True),
        sa.Column("definition", sa.JSON, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    form_submissions = sa.Table(
        "form_submissions",
        metadata,
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column(
            "form_id", sa.Uuid, sa.ForeignKey("lead_forms.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(40)),
        sa.Column("detail", sa.String(500)),
        sa.Column("origin", sa.String(300)),
        sa.Column("ip_hash", sa.String(64), nullable=False),
        sa.Column("client_key", sa.String(100)),
        sa.Column("campaign_id", sa.Uuid),
        sa.Column("field_values", sa.JSON, nullable=False),
        sa.Column("field_errors", sa.JSON, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Index("ix_form_submissions_form_id_created_at", "form_id", "created_at"),
        sa.Index("ix_form_submissions_ip_hash_created_at", "ip_hash", "created_at"),
        sa.UniqueConstraint("form_id", "client_key"),
    )
    return lead_forms, form_submissions
