"""The mass-mail tables (migrations 0004 and 0007), on the service's one ``metadata``.

``mailings`` holds each mailing and its status; ``mailing_recipients`` is its send list:
one row per address (unique per mailing: nobody is mailed twice however many lists or
records carry the address), with the row's status (queued, sent, failed, bounced, skipped
and why), the SMTP hand-off and the once-per-kind tracking times. ``mailing_links`` keeps
the targets the mailing's rendered messages link to: a click redirect goes nowhere else.
``mailing_handoffs`` is the batch sender's journal (0007): one row per message the SMTP
server accepted, written the moment its ``250`` arrives, before the batch commits the
send-list marks; a worker killed mid-batch leaves there what it handed off, and the next
claim marks those rows sent instead of mailing them again (``service/mass_batch.py``).
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_chassis.db.types import UTCDateTime
from crm_marketing.adapters.tables import metadata

mailings = sa.Table(
    "mailings",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
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
    # Set once the send list is complete: a worker killed while resolving starts over
    # (the unique address keeps it from doubling rows).
    sa.Column("prepared_at", UTCDateTime()),
    sa.Column("last_error", sa.Text),
    sa.Index("ix_mailings_status", "status"),
)

mailing_recipients = sa.Table(
    "mailing_recipients",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("mailing_id", sa.Uuid, sa.ForeignKey("mailings.id"), nullable=False),
    sa.Column("address", sa.String(320), nullable=False),
    sa.Column("name", sa.String(200)),
    sa.Column("contact_id", sa.Uuid),
    sa.Column("lead_id", sa.Uuid),
    # The merge fields the audience resolved (the template renders from them at send time).
    sa.Column("merge_fields", sa.JSON),
    # queued -> sent | failed | bounced; skipped (reason) when resolved or cancelled
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("reason", sa.String(200)),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("message_id", sa.String(255)),
    sa.Column("smtp_reply", sa.String(500)),
    sa.Column("sent_at", UTCDateTime()),
    sa.Column("opened_at", UTCDateTime()),
    sa.Column("clicked_at", UTCDateTime()),
    sa.Column("unsubscribed_at", UTCDateTime()),
    sa.UniqueConstraint("mailing_id", "address"),
    # The job's questions: the next queued rows of a mailing; what went out lately.
    sa.Index("ix_mailing_recipients_mailing_id_status", "mailing_id", "status"),
    sa.Index("ix_mailing_recipients_mailing_id_sent_at", "mailing_id", "sent_at"),
    # The batch claim's: only queued rows, in id order (0007), so a claim late in a large
    # mailing does not walk past every row already sent.
    sa.Index(
        "ix_mailing_recipients_queued",
        "mailing_id",
        "id",
        postgresql_where=sa.text("status = 'queued'"),
        sqlite_where=sa.text("status = 'queued'"),
    ),
)

mailing_links = sa.Table(
    "mailing_links",
    metadata,
    sa.Column("mailing_id", sa.Uuid, sa.ForeignKey("mailings.id"), primary_key=True),
    # sha256 of the URL: a key of fixed width whatever the URL's length.
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
)

mailing_handoffs = sa.Table(
    "mailing_handoffs",
    metadata,
    # The send-list row (no foreign key: the journal is written beside the batch's
    # transaction, which holds that row's lock until it commits).
    sa.Column("recipient_id", sa.Uuid, primary_key=True),
    sa.Column("mailing_id", sa.Uuid, nullable=False),
    sa.Column("message_id", sa.String(255), nullable=False),
    sa.Column("smtp_reply", sa.String(500), nullable=False),
    sa.Column("sent_at", UTCDateTime(), nullable=False),
    sa.Index("ix_mailing_handoffs_mailing_id", "mailing_id"),
)
