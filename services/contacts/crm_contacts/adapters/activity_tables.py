"""Tables of activities (tasks, calls/meetings), notes with their history, and the timeline.

They live on the same MetaData as :mod:`crm_contacts.adapters.tables` (one Alembic
environment); this module only adds to it. Every list the API offers is served by an index
that starts with its filter and ends with its keyset sort columns.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_chassis.db.types import UTCDateTime
from crm_contacts.adapters.tables import metadata

#: Tasks without a due date sort after every dated one (keyset columns cannot be NULL).
NO_DUE_DATE = "9999-12-31"

tasks = sa.Table(
    "tasks",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("title", sa.String(255), nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("priority", sa.String(20), nullable=False),
    sa.Column("status", sa.String(30), nullable=False),
    sa.Column("is_open", sa.Boolean, nullable=False),
    sa.Column("due_date", sa.Date),
    # due_date as ISO text, NO_DUE_DATE when none: the keyset sort column.
    sa.Column("due_key", sa.String(10), nullable=False),
    sa.Column("reminder_at", UTCDateTime),
    sa.Column("related_type", sa.String(30)),
    sa.Column("related_id", sa.Uuid),
    sa.Column("owner_id", sa.Uuid, nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("completed_at", UTCDateTime),
    sa.Column("source_event_id", sa.String(100), unique=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index("ix_tasks_owner_id_is_open_due_key_id", "owner_id", "is_open", "due_key", "id"),
    sa.Index("ix_tasks_related_type_related_id", "related_type", "related_id"),
    sa.Index("ix_tasks_due_key_id", "due_key", "id"),
    sa.Index("ix_tasks_created_at_id", "created_at", "id"),
    sa.Index("ix_tasks_updated_at_id", "updated_at", "id"),
)

calendar_events = sa.Table(
    "calendar_events",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
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
    sa.Column("related_type", sa.String(30)),
    sa.Column("related_id", sa.Uuid),
    sa.Column("owner_id", sa.Uuid, nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index("ix_calendar_events_owner_id_start_at_id", "owner_id", "start_at", "id"),
    sa.Index("ix_calendar_events_related_type_related_id", "related_type", "related_id"),
    sa.Index("ix_calendar_events_start_at_id", "start_at", "id"),
    sa.Index("ix_calendar_events_created_at_id", "created_at", "id"),
)

notes = sa.Table(
    "notes",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("related_type", sa.String(30), nullable=False),
    sa.Column("related_id", sa.Uuid, nullable=False),
    sa.Column("parent_id", sa.Uuid, sa.ForeignKey("notes.id")),
    sa.Column("owner_id", sa.Uuid, nullable=False),
    sa.Column("author_id", sa.String(100), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index(
        "ix_notes_related_type_related_id_created_at_id",
        "related_type",
        "related_id",
        "created_at",
        "id",
    ),
    sa.Index("ix_notes_parent_id", "parent_id"),
    sa.Index("ix_notes_owner_id", "owner_id"),
    sa.Index("ix_notes_created_at_id", "created_at", "id"),
)

note_revisions = sa.Table(
    "note_revisions",
    metadata,
    sa.Column("note_id", sa.Uuid, sa.ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("edited_by", sa.String(100), nullable=False),
    sa.Column("edited_at", UTCDateTime, nullable=False),
)

timeline_entries = sa.Table(
    "timeline_entries",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    # The envelope id: one entry per event however often it is delivered.
    sa.Column("event_id", sa.String(100), nullable=False, unique=True),
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
    sa.Index("ix_timeline_entries_account_id_occurred_at_id", "account_id", "occurred_at", "id"),
    sa.Index("ix_timeline_entries_contact_id_occurred_at_id", "contact_id", "occurred_at", "id"),
)
