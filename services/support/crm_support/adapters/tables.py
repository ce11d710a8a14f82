"""The service's tables (SQLAlchemy Core), with the chassis's outbox/inbox, policy and HTTP tables.

A business table goes here and in a new migration (``migrations/versions``);
``tests/integration/test_migrations.py`` checks that the two agree.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_access import add_policy_table
from crm_chassis.db.columns import stamp_columns, trigram_index
from crm_chassis.db.types import UTCDateTime
from crm_chassis.events.schema import add_event_tables
from crm_chassis.http.schema import add_http_tables
from crm_support.adapters.kb_tables import add_kb_tables

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# -- tickets (h/tickets, migration 0002) -------------------------------------------------------

tickets = sa.Table(
    "tickets",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("number", sa.String(20), nullable=False),
    sa.Column("title", sa.String(255), nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("account_id", sa.Uuid),
    sa.Column("contact_id", sa.Uuid),
    sa.Column("product_id", sa.Uuid),
    sa.Column("priority", sa.String(50), nullable=False),
    sa.Column("severity", sa.String(50)),
    sa.Column("category", sa.String(50)),
    sa.Column("status", sa.String(50), nullable=False),
    sa.Column("channel", sa.String(20), nullable=False),
    sa.Column("owner_id", sa.Uuid),
    # 'user' or 'group' (null with owner_id).
    sa.Column("owner_kind", sa.String(10)),
    sa.Column("time_spent_minutes", sa.Integer, nullable=False),
    sa.Column("resolution", sa.Text),
    sa.Column("parent_ticket_id", sa.Uuid),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("first_response_at", UTCDateTime),
    sa.Column("closed_at", UTCDateTime),
    # number, title and description in lower case, what q= matches (trigram index on PG).
    sa.Column("search_text", sa.Text, nullable=False),
    *stamp_columns(),
    sa.Index("ix_tickets_number", "number", unique=True),
    sa.Index("ix_tickets_created_at_id", "created_at", "id"),
    sa.Index("ix_tickets_updated_at_id", "updated_at", "id"),
    sa.Index("ix_tickets_status_priority", "status", "priority"),
    sa.Index("ix_tickets_owner_id_status", "owner_id", "status"),
    sa.Index("ix_tickets_account_id_updated_at", "account_id", "updated_at"),
    sa.Index("ix_tickets_contact_id", "contact_id"),
    sa.Index("ix_tickets_parent_ticket_id", "parent_ticket_id"),
    trigram_index("tickets"),
)

ticket_comments = sa.Table(
    "ticket_comments",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column(
        "ticket_id", sa.Uuid, sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("is_public", sa.Boolean, nullable=False),
    sa.Column("author_id", sa.Uuid),
    # 'staff' or 'customer': SLA first/next response counts staff's public comments.
    sa.Column("author_kind", sa.String(10), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("message_id", sa.String(998)),
    sa.Index("ix_ticket_comments_ticket_id_created_at", "ticket_id", "created_at"),
    sa.Index("ix_ticket_comments_message_id", "message_id"),
)

# The bytes live in the database, in the ticket's transaction: an attachment is never an
# orphan file or a row without its file, backups and both engines need nothing else, and
# the size limit (settings) keeps rows modest.
ticket_attachments = sa.Table(
    "ticket_attachments",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column(
        "ticket_id", sa.Uuid, sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("comment_id", sa.Uuid, sa.ForeignKey("ticket_comments.id", ondelete="CASCADE")),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("content_type", sa.String(200), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Index("ix_ticket_attachments_ticket_id", "ticket_id"),
    sa.Index("ix_ticket_attachments_comment_id", "comment_id"),
)

ticket_history = sa.Table(
    "ticket_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "ticket_id", sa.Uuid, sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False
    ),
    # 'status', 'owner' or 'priority'; old_value null on the ticket's first entries.
    sa.Column("field", sa.String(20), nullable=False),
    sa.Column("old_value", sa.String(100)),
    sa.Column("new_value", sa.String(100)),
    sa.Column("changed_at", UTCDateTime, nullable=False),
    sa.Column("changed_by", sa.String(200), nullable=False),
    sa.Column("reason", sa.String(500)),
    sa.Index("ix_ticket_history_ticket_id_id", "ticket_id", "id"),
    sa.Index("ix_ticket_history_field_changed_at", "field", "changed_at"),
)

# One row per year: the creating transaction locks it (SELECT ... FOR UPDATE on
# PostgreSQL, the write lock on SQLite) and takes the next number, so numbers are gap-free.
ticket_counters = sa.Table(
    "ticket_counters",
    metadata,
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("value", sa.BigInteger, nullable=False),
)

ticket_assignment_rules = sa.Table(
    "ticket_assignment_rules",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("priority", sa.Integer, nullable=False),
    # 'owner' (owner_id/owner_kind) or 'round_robin' (group_id's members by open load).
    sa.Column("target", sa.String(20), nullable=False),
    sa.Column("owner_id", sa.Uuid),
    sa.Column("owner_kind", sa.String(10)),
    sa.Column("group_id", sa.Uuid),
    # {category, product_id, account_id}: all given ones must match.
    sa.Column("criteria", sa.JSON, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("cursor", sa.Integer, nullable=False),
)

# Administrators' ticket settings (fallback owner, reopen window), one JSON value per key.
ticket_settings = sa.Table(
    "ticket_settings",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.JSON, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("updated_by", sa.String(200), nullable=False),
)

event_tables = add_event_tables(metadata)
# identity's access policy, the local copy every process decides with.
access_policy = add_policy_table(metadata)
idempotency_keys = add_http_tables(metadata)

# The e-mail channel's tables live in their own module (registered on this metadata).
from crm_support.adapters import mail_tables as _mail_tables  # noqa: E402, F401

# -- SLAs (h/sla, migration 0003) ---------------------------------------------------------------

sla_calendars = sa.Table(
    "sla_calendars",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("time_zone", sa.String(64), nullable=False),
    # {"0": [[540, 1020]], ...}: weekday (Monday 0) -> [start, end) minutes of wall time.
    sa.Column("hours", sa.JSON, nullable=False),
    sa.Column("holiday_country", sa.String(8)),
    sa.Column("holiday_subdivision", sa.String(16)),
    # One-off holidays, ISO dates.
    sa.Column("holidays", sa.JSON, nullable=False),
    *stamp_columns(),
)

sla_policies = sa.Table(
    "sla_policies",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    # At most one policy per priority; null: reached only through a service contract.
    sa.Column("priority", sa.String(50)),
    sa.Column("calendar_id", sa.Uuid, sa.ForeignKey("sla_calendars.id"), nullable=False),
    sa.Column("first_response_minutes", sa.Integer),
    sa.Column("next_response_minutes", sa.Integer),
    sa.Column("resolution_minutes", sa.Integer),
    *stamp_columns(),
    sa.Index("ix_sla_policies_priority", "priority", unique=True),
    sa.Index("ix_sla_policies_calendar_id", "calendar_id"),
)

# Only what the scheduled check needs (the SLA itself is computed from the history): one
# row per ticket and running target, rewritten whenever the ticket or its policy changes.
ticket_sla_targets = sa.Table(
    "ticket_sla_targets",
    metadata,
    sa.Column(
        "ticket_id", sa.Uuid, sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("target", sa.String(20), primary_key=True),
    sa.Column("policy_id", sa.Uuid, nullable=False),
    # A next-response target starts again at each unanswered customer comment: a new cycle
    # clears warned_at and breached_at, so each cycle warns and breaches once.
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("due_at", UTCDateTime),
    sa.Column("met_at", UTCDateTime),
    sa.Column("warned_at", UTCDateTime),
    sa.Column("breached_at", UTCDateTime),
    sa.Index("ix_ticket_sla_targets_due_at", "due_at"),
)

# A calendar or policy changed: the worker recomputes the open tickets' rows, then marks
# the request done (a conditional update, so two workers do not both finish it).
sla_recomputations = sa.Table(
    "sla_recomputations",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("reason", sa.String(200), nullable=False),
    sa.Column("requested_at", UTCDateTime, nullable=False),
    sa.Column("done_at", UTCDateTime),
    sa.Index("ix_sla_recomputations_done_at", "done_at"),
)

# -- service contracts, feedback, statistics facts (h/contracts, migration 0006) ---------------
# Declared in their own module on this metadata; imported here so every reader of
# ``metadata`` (migrations test, create_all) sees them.
from crm_support.adapters import contract_tables as _contract_tables  # noqa: E402,F401

# The knowledge base (adapters/kb_tables.py).
kb_articles, kb_article_versions = add_kb_tables(metadata)
