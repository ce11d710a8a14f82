"""The batch sender's hand-off journal (h/mail): one row per message the SMTP server
accepted, written before the batch commits its send-list marks; a partial index of the
queued rows in id order for the batch claim.

Revision ID: 0007
Revises: 0005 (the merger re-chains it after 0006)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.db.types import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mailing_handoffs",
        sa.Column("recipient_id", sa.Uuid, nullable=False),
        sa.Column("mailing_id", sa.Uuid, nullable=False),
        sa.Column("message_id", sa.String(255), nullable=False),
        sa.Column("smtp_reply", sa.String(500), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("recipient_id", name="pk_mailing_handoffs"),
    )
    op.create_index("ix_mailing_handoffs_mailing_id", "mailing_handoffs", ["mailing_id"])
    queued = sa.text("status = 'queued'")
    op.create_index(
        "ix_mailing_recipients_queued",
        "mailing_recipients",
        ["mailing_id", "id"],
        postgresql_where=queued,
        sqlite_where=queued,
    )


def downgrade() -> None:
    op.drop_index("ix_mailing_recipients_queued", table_name="mailing_recipients")
    op.drop_index("ix_mailing_handoffs_mailing_id", table_name="mailing_handoffs")
    op.drop_table("mailing_handoffs")
