"""The e-mail channel: mail_outbox, mail_messages, mail_threads.

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


def upgrade() -> None:
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ref", sa.String(100), nullable=False),
        sa.Column("ticket_id", sa.Uuid, nullable=False),
        sa.Column("ticket_number", sa.String(20), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("contact_id", sa.Uuid),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("message_id", sa.String(255), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime()),
        sa.Column("sent_to", sa.String(320)),
        sa.Column("last_error", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_mail_outbox"),
        sa.UniqueConstraint("kind", "ref", name="uq_mail_outbox_kind_ref"),
        sa.UniqueConstraint("message_id", name="uq_mail_outbox_message_id"),
    )
    op.create_index(
        "ix_mail_outbox_state_next_attempt_at", "mail_outbox", ["state", "next_attempt_at"]
    )
    op.create_table(
        "mail_messages",
        sa.Column("message_id", sa.String(255), nullable=False),
        sa.Column("ticket_id", sa.Uuid),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("outcome", sa.String(100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("message_id", name="pk_mail_messages"),
    )
    op.create_index("ix_mail_messages_ticket_id", "mail_messages", ["ticket_id"])
    op.create_table(
        "mail_threads",
        sa.Column("ticket_id", sa.Uuid, nullable=False),
        sa.Column("customer_address", sa.String(320), nullable=False),
        sa.Column("root_message_id", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("ticket_id", name="pk_mail_threads"),
    )


def downgrade() -> None:
    op.drop_table("mail_threads")
    op.drop_index("ix_mail_messages_ticket_id", table_name="mail_messages")
    op.drop_table("mail_messages")
    op.drop_index("ix_mail_outbox_state_next_attempt_at", table_name="mail_outbox")
    op.drop_table("mail_outbox")
