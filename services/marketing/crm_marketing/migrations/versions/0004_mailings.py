"""Mass mail: mailings, mailing_recipients (the send list), mailing_links.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.db.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _mailings() -> None:
    op.create_table(
        "mailings",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("campaign_id", sa.Uuid),
        sa.Column("template_id", sa.Uuid, nullable=False),
        sa.Column("audience_kind", sa.String(10), nullable=False),
        sa.Column("audience_id", sa.Uuid, nullable=False),
        sa.Column("from_name", sa.String(200), nullable=False),
        sa.Column("from_address", sa.String(320), nullable=False),
        sa.Column("reply_to", sa.String(320)),
        sa.Column("scheduled_at", UTCDateTime()),
        sa.Column("track_opens", sa.Boolean, nullable=False),
        sa.Column("track_clicks", sa.Boolean, nullable=False),
        sa.Column("batch_size", sa.Integer, nullable=False),
        sa.Column("per_second", sa.Float),
        sa.Column("per_minute", sa.Integer),
        sa.Column("per_hour", sa.Integer),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("started_at", UTCDateTime()),
        sa.Column("finished_at", UTCDateTime()),
        sa.Column("prepared_at", UTCDateTime()),
        sa.Column("last_error", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_mailings"),
    )
    op.create_index("ix_mailings_status", "mailings", ["status"])


def _recipients() -> None:
    op.create_table(
        "mailing_recipients",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("mailing_id", sa.Uuid, nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("name", sa.String(200)),
        sa.Column("contact_id", sa.Uuid),
        sa.Column("lead_id", sa.Uuid),
        sa.Column("merge_fields", sa.JSON),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(200)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("message_id", sa.String(255)),
        sa.Column("smtp_reply", sa.String(500)),
        sa.Column("sent_at", UTCDateTime()),
        sa.Column("opened_at", UTCDateTime()),
        sa.Column("clicked_at", UTCDateTime()),
        sa.Column("unsubscribed_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_mailing_recipients"),
        sa.ForeignKeyConstraint(
            ["mailing_id"], ["mailings.id"], name="fk_mailing_recipients_mailing_id_mailings"
        ),
        sa.UniqueConstraint(
            "mailing_id", "address", name="uq_mailing_recipients_mailing_id_address"
        ),
    )
    op.create_index(
        "ix_mailing_recipients_mailing_id_status", "mailing_recipients", ["mailing_id", "status"]
    )
    op.create_index(
        "ix_mailing_recipients_mailing_id_sent_at",
        "mailing_recipients",
        ["mailing_id", "sent_at"],
    )


def upgrade() -> None:
    _mailings()
    _recipients()
    op.create_table(
        "mailing_links",
        sa.Column("mailing_id", sa.Uuid, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("mailing_id", "digest", name="pk_mailing_links"),
        sa.ForeignKeyConstraint(
            ["mailing_id"], ["mailings.id"], name="fk_mailing_links_mailing_id_mailings"
        ),
    )


def downgrade() -> None:
    op.drop_table("mailing_links")
    op.drop_table("mailing_recipients")
    op.drop_table("mailings")
