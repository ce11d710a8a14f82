"""Campaigns, their members, and the ROI credits fed by sales' and marketing's events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.db.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _campaigns() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("campaign_type", sa.String(length=50), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("budget", sa.String(length=40), nullable=True),
        sa.Column("actual_cost", sa.String(length=40), nullable=True),
        sa.Column("expected_revenue", sa.String(length=40), nullable=True),
        sa.Column("expected_response", sa.String(length=30), nullable=True),
        sa.Column("expected_response_count", sa.BigInteger(), nullable=True),
        sa.Column("target_audience", sa.String(length=255), nullable=True),
        sa.Column("target_size", sa.BigInteger(), nullable=True),
        sa.Column("sponsor", sa.String(length=255), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    op.create_index("ix_campaigns_owner_id", "campaigns", ["owner_id"])
    op.create_index("ix_campaigns_updated_at_id", "campaigns", ["updated_at", "id"])
    op.create_index("ix_campaigns_created_at_id", "campaigns", ["created_at", "id"])
    op.create_index("ix_campaigns_status", "campaigns", ["status"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_campaigns_search_trgm ON campaigns "
            "USING gin (search_text gin_trgm_ops)"
        )


def _members() -> None:
    op.create_table(
        "campaign_members",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("member_type", sa.String(length=10), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("response_status", sa.String(length=50), nullable=False),
        sa.Column("display_name", sa.String(length=255), nullable=True),
        sa.Column("added_by", sa.Uuid(), nullable=True),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_members_campaign_id_campaigns"),
        ),
        sa.PrimaryKeyConstraint(
            "campaign_id", "member_type", "member_id", name=op.f("pk_campaign_members")
        ),
    )
    op.create_index("ix_campaign_members_member_id", "campaign_members", ["member_id"])


def _credits() -> None:
    op.create_table(
        "campaign_leads",
        sa.Column("lead_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("lead_id", name=op.f("pk_campaign_leads")),
    )
    op.create_index(
        "ix_campaign_leads_campaign_id_created_at", "campaign_leads", ["campaign_id", "created_at"]
    )
    op.create_table(
        "campaign_submissions",
        sa.Column("submission_id", sa.String(length=64), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("form_id", sa.String(length=64), nullable=True),
        sa.Column("captured_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("submission_id", name=op.f("pk_campaign_submissions")),
    )
    op.create_index(
        "ix_campaign_submissions_campaign_id_captured_at",
        "campaign_submissions",
        ["campaign_id", "captured_at"],
    )
    op.create_table(
        "campaign_conversions",
        sa.Column("lead_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("opportunity_id", sa.Uuid(), nullable=True),
        sa.Column("converted_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("lead_id", name=op.f("pk_campaign_conversions")),
    )
    op.create_index(
        "ix_campaign_conversions_campaign_id_converted_at",
        "campaign_conversions",
        ["campaign_id", "converted_at"],
    )
    op.create_table(
        "campaign_opportunities",
        sa.Column("opportunity_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.String(length=40), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("source_version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("opportunity_id", name=op.f("pk_campaign_opportunities")),
    )
    op.create_index(
        "ix_campaign_opportunities_campaign_id_created_at",
        "campaign_opportunities",
        ["campaign_id", "created_at"],
    )
    op.create_index(
        "ix_campaign_opportunities_campaign_id_closed_at",
        "campaign_opportunities",
        ["campaign_id", "closed_at"],
    )


def upgrade() -> None:
    _campaigns()
    _members()
    _credits()


def downgrade() -> None:
    for table in (
        "campaign_opportunities",
        "campaign_conversions",
        "campaign_submissions",
        "campaign_leads",
        "campaign_members",
    ):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_campaigns_search_trgm")
    op.drop_table("campaigns")
