"""Trouble tickets: tickets, their comments, attachments and history, the yearly number
counters, assignment rules and ticket settings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04

On PostgreSQL, ``q=`` is served by a pg_trgm GIN index on ``tickets.search_text`` (the
extension is created if missing). SQLite gets no search index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.db.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ticket_assignment_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("owner_kind", sa.String(length=10), nullable=True),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_assignment_rules")),
    )
    op.create_table(
        "ticket_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_ticket_counters")),
    )
    op.create_table(
        "ticket_settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_ticket_settings")),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("priority", sa.String(length=50), nullable=False),
        sa.Column("severity", sa.String(length=50), nullable=True),
        sa.Column("category", sa.String(length=50), nullable=True),
        sa.Column("status", sa.String(length=50), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("owner_kind", sa.String(length=10), nullable=True),
        sa.Column("time_spent_minutes", sa.Integer(), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("parent_ticket_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("first_response_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tickets_account_id_updated_at", ["account_id", "updated_at"], unique=False
        )
        batch_op.create_index("ix_tickets_contact_id", ["contact_id"], unique=False)
        batch_op.create_index("ix_tickets_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_tickets_number", ["number"], unique=True)
        batch_op.create_index("ix_tickets_owner_id_status", ["owner_id", "status"], unique=False)
        batch_op.create_index("ix_tickets_parent_ticket_id", ["parent_ticket_id"], unique=False)
        batch_op.create_index("ix_tickets_status_priority", ["status", "priority"], unique=False)
        batch_op.create_index("ix_tickets_updated_at_id", ["updated_at", "id"], unique=False)

    op.create_table(
        "ticket_comments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("author_kind", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("message_id", sa.String(length=998), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_comments_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_comments")),
    )
    with op.batch_alter_table("ticket_comments", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_comments_message_id", ["message_id"], unique=False)
        batch_op.create_index(
            "ix_ticket_comments_ticket_id_created_at", ["ticket_id", "created_at"], unique=False
        )

    op.create_table(
        "ticket_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("old_value", sa.String(length=100), nullable=True),
        sa.Column("new_value", sa.String(length=100), nullable=True),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_history_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_history")),
    )
    with op.batch_alter_table("ticket_history", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ticket_history_field_changed_at", ["field", "changed_at"], unique=False
        )
        batch_op.create_index("ix_ticket_history_ticket_id_id", ["ticket_id", "id"], unique=False)

    op.create_table(
        "ticket_attachments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("comment_id", sa.Uuid(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["ticket_comments.id"],
            name=op.f("fk_ticket_attachments_comment_id_ticket_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_attachments_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_attachments")),
    )
    with op.batch_alter_table("ticket_attachments", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_attachments_comment_id", ["comment_id"], unique=False)
        batch_op.create_index("ix_ticket_attachments_ticket_id", ["ticket_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_tickets_search_trgm ON tickets USING gin (search_text gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_tickets_search_trgm")
    with op.batch_alter_table("ticket_attachments", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_attachments_ticket_id")
        batch_op.drop_index("ix_ticket_attachments_comment_id")

    op.drop_table("ticket_attachments")
    with op.batch_alter_table("ticket_history", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_history_ticket_id_id")
        batch_op.drop_index("ix_ticket_history_field_changed_at")

    op.drop_table("ticket_history")
    with op.batch_alter_table("ticket_comments", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_comments_ticket_id_created_at")
        batch_op.drop_index("ix_ticket_comments_message_id")

    op.drop_table("ticket_comments")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_updated_at_id")
        batch_op.drop_index("ix_tickets_status_priority")
        batch_op.drop_index("ix_tickets_parent_ticket_id")
        batch_op.drop_index("ix_tickets_owner_id_status")
        batch_op.drop_index("ix_tickets_number")
        batch_op.drop_index("ix_tickets_created_at_id")
        batch_op.drop_index("ix_tickets_contact_id")
        batch_op.drop_index("ix_tickets_account_id_updated_at")

    op.drop_table("tickets")
    op.drop_table("ticket_settings")
    op.drop_table("ticket_counters")
    op.drop_table("ticket_assignment_rules")
