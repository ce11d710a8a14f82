"""Activities (tasks, calls and meetings), notes with their revisions, the customer timeline.

Revision ID: 0002b
Revises: 0001
Create Date: 2026-11-25

A branch of its own beside 0002 (access policy): the chassis upgrades to all heads, so the
two land independently.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.db.types import UTCDateTime

revision = "0002b"
down_revision = "0001"
branch_labels = None
depends_on = None


def _related() -> list[sa.Column]:
    return [sa.Column("related_type", sa.String(30)), sa.Column("related_id", sa.Uuid)]


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("priority", sa.String(20), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("is_open", sa.Boolean, nullable=False),
        sa.Column("due_date", sa.Date),
        sa.Column("due_key", sa.String(10), nullable=False),
        sa.Column("reminder_at", UTCDateTime),
        *_related(),
        sa.Column("owner_id", sa.Uuid, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("completed_at", UTCDateTime),
        sa.Column("source_event_id", sa.String(100)),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_tasks"),
        sa.UniqueConstraint("source_event_id", name="uq_tasks_source_event_id"),
    )
    op.create_index(
        "ix_tasks_owner_id_is_open_due_key_id", "tasks", ["owner_id", "is_open", "due_key", "id"]
    )
    op.create_index("ix_tasks_related_type_related_id", "tasks", ["related_type", "related_id"])
    op.create_index("ix_tasks_due_key_id", "tasks", ["due_key", "id"])
    op.create_index("ix_tasks_created_at_id", "tasks", ["created_at", "id"])
    op.create_index("ix_tasks_updated_at_id", "tasks", ["updated_at", "id"])

    op.create_table(
        "calendar_events",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("start_at", UTCDateTime, nullable=False),
        sa.Column("end_at", UTCDateTime),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("outcome", sa.Text),
        sa.Column("location", sa.String(500)),
        sa.Column("description", sa.Text),
        sa.Column("participants", sa.JSON, nullable=False),
        sa.Column("reminder_at", UTCDateTime),
        *_related(),
        sa.Column("owner_id", sa.Uuid, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_calendar_events"),
    )
    op.create_index(
        "ix_calendar_events_owner_id_start_at_id",
        "calendar_events",
        ["owner_id", "start_at", "id"],
    )
    op.create_index(
        "ix_calendar_events_related_type_related_id",
        "calendar_events",
        ["related_type", "related_id"],
    )
    op.create_index("ix_calendar_events_start_at_id", "calendar_events", ["start_at", "id"])
    op.create_index("ix_calendar_events_created_at_id", "calendar_events", ["created_at", "id"])

    op.create_table(
        "notes",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("related_type", sa.String(30), nullable=False),
        sa.Column("related_id", sa.Uuid, nullable=False),
        sa.Column("parent_id", sa.Uuid),
        sa.Column("owner_id", sa.Uuid, nullable=False),
        sa.Column("author_id", sa.String(100), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["parent_id"], ["notes.id"], name="fk_notes_parent_id_notes"),
        sa.PrimaryKeyConstraint("id", name="pk_notes"),
    )
    op.create_index(
        "ix_notes_related_type_related_id_created_at_id",
        "notes",
        ["related_type", "related_id", "created_at", "id"],
    )
    op.create_index("ix_notes_parent_id", "notes", ["parent_id"])
    op.create_index("ix_notes_owner_id", "notes", ["owner_id"])
    op.create_index("ix_notes_created_at_id", "notes", ["created_at", "id"])

    op.create_table(
        "note_revisions",
        sa.Column("note_id", sa.Uuid, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("edited_by", sa.String(100), nullable=False),
        sa.Column("edited_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"], ["notes.id"], ondelete="CASCADE", name="fk_note_revisions_note_id_notes"
        ),
        sa.PrimaryKeyConstraint("note_id", "version", name="pk_note_revisions"),
    )

    op.create_table(
        "timeline_entries",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("event_id", sa.String(100), nullable=False),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("source", sa.String(50), nullable=False),
        sa.Column("occurred_at", UTCDateTime, nullable=False),
        sa.Column("module", sa.String(50), nullable=False),
        sa.Column("summary", sa.String(500), nullable=False),
        sa.Column("account_id", sa.Uuid),
        sa.Column("contact_id", sa.Uuid),
        sa.Column("record_id", sa.Uuid),
        sa.Column("owner_id", sa.Uuid),
        sa.Column("number", sa.String(255)),
        sa.Column("amount", sa.String(40)),
        sa.Column("currency", sa.String(3)),
        sa.Column("data", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_timeline_entries"),
        sa.UniqueConstraint("event_id", name="uq_timeline_entries_event_id"),
    )
    op.create_index(
        "ix_timeline_entries_account_id_occurred_at_id",
        "timeline_entries",
        ["account_id", "occurred_at", "id"],
    )
    op.create_index(
        "ix_timeline_entries_contact_id_occurred_at_id",
        "timeline_entries",
        ["contact_id", "occurred_at", "id"],
    )


def downgrade() -> None:
    op.drop_table("timeline_entries")
    op.drop_table("note_revisions")
    op.drop_table("notes")
    op.drop_table("calendar_events")
    op.drop_table("tasks")
