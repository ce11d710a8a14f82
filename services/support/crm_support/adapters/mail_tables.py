"""The e-mail channel's tables (migration 0004), on the service's one ``metadata``.

``mail_outbox`` holds the mails to send, each decided in the transaction of the change that
causes it and keyed by that change (``kind``, ``ref``): the same comment is never queued
twice. ``mail_messages`` maps every Message-ID we saw or minted to its ticket: a reply's
``In-Reply-To`` finds the ticket, and a redelivered inbound message is recognised.
``mail_threads`` keeps, per ticket begun by mail, who wrote it and their first Message-ID.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_chassis.db.types import UTCDateTime
from crm_support.adapters.tables import metadata

mail_outbox = sa.Table(
    "mail_outbox",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("ref", sa.String(100), nullable=False),
    sa.Column("ticket_id", sa.Uuid, nullable=False),
    sa.Column("ticket_number", sa.String(20), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("contact_id", sa.Uuid),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("message_id", sa.String(255), nullable=False, unique=True),
    # pending -> sent | failed (gave up after mail_max_attempts) | skipped (no address)
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("sent_at", UTCDateTime()),
    sa.Column("sent_to", sa.String(320)),
    sa.Column("last_error", sa.Text),
    sa.UniqueConstraint("kind", "ref"),
    # The sender's one question: what is pending and due, oldest first.
    sa.Index("ix_mail_outbox_state_next_attempt_at", "state", "next_attempt_at"),
)

mail_messages = sa.Table(
    "mail_messages",
    metadata,
    sa.Column("message_id", sa.String(255), primary_key=True),
    sa.Column("ticket_id", sa.Uuid),
    # in: a customer's message (ticket_id None: ignored); out: one of ours
    sa.Column("direction", sa.String(3), nullable=False),
    sa.Column("outcome", sa.String(100), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Index("ix_mail_messages_ticket_id", "ticket_id"),
)

mail_threads = sa.Table(
    "mail_threads",
    metadata,
    sa.Column("ticket_id", sa.Uuid, primary_key=True),
    sa.Column("customer_address", sa.String(320), nullable=False),
    sa.Column("root_message_id", sa.String(255), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)
