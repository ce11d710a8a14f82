"""Lead conversion decided in contacts: match lock rows and what each lead became.

Revision ID: 0005_conversion
Revises: 0004
Create Date: 2026-12-03

``match_locks`` holds one row per match key (``lead:<id>``, ``org:<name key>``,
``domain:<web domain>``, ``email:<address>``); a conversion inserts (ON CONFLICT DO NOTHING)
and locks its keys first, so two conversions of one company are serialised on SQLite and
PostgreSQL alike. ``lead_conversions`` makes the conversion idempotent by lead id.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.db.types import UTCDateTime

revision = "0005_conversion"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_locks",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_match_locks"),
    )
    op.create_table(
        "lead_conversions",
        sa.Column("lead_id", sa.Uuid, nullable=False),
        sa.Column("account_id", sa.Uuid, nullable=False),
        sa.Column("contact_id", sa.Uuid, nullable=False),
        sa.Column("existing_account", sa.Boolean, nullable=False),
        sa.Column("existing_contact", sa.Boolean, nullable=False),
        sa.Column("converted_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("lead_id", name="pk_lead_conversions"),
    )


def downgrade() -> None:
    op.drop_table("lead_conversions")
    op.drop_table("match_locks")
