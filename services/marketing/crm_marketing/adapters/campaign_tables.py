"""Tables of campaigns, their members and the ROI credits (migration 0002).

Kept apart from ``tables.py`` (the chassis's) and from the other marketing parts' table
modules, so the marketing helpers merge without conflicts; all share its ``metadata``.
Amounts are decimal strings (exact on SQLite and PostgreSQL).

The ``campaign_*`` credit tables are marketing's local copy of what sales' events said
about a campaign's leads, conversions and opportunities: one row per lead, submission or
opportunity (the primary key makes a redelivered or replayed event change nothing), each
with the campaign it credits and when, so ROI per campaign and period is one GROUP BY.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_chassis.db.columns import stamp_columns
from crm_chassis.db.types import UTCDateTime
from crm_marketing.adapters.tables import metadata

campaigns = sa.Table(
    "campaigns",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("campaign_type", sa.String(50)),
    sa.Column("status", sa.String(30), nullable=False),
    sa.Column("start_date", sa.Date),
    sa.Column("end_date", sa.Date),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("budget", sa.String(40)),
    sa.Column("actual_cost", sa.String(40)),
    sa.Column("expected_revenue", sa.String(40)),
    sa.Column("expected_response", sa.String(30)),
    sa.Column("expected_response_count", sa.BigInteger),
    sa.Column("target_audience", sa.String(255)),
    sa.Column("target_size", sa.BigInteger),
    sa.Column("sponsor", sa.String(255)),
    sa.Column("description", sa.Text),
    sa.Column("owner_id", sa.Uuid, nullable=False, index=True),
    sa.Column("created_by", sa.Uuid),
    sa.Column("deleted_at", UTCDateTime),
    sa.Column("search_text", sa.Text, nullable=False),
    *stamp_columns(),
    # Keyset lists sort by these (with id as the tie-breaker); syncs read updated_since.
    sa.Index("ix_campaigns_updated_at_id", "updated_at", "id"),
    sa.Index("ix_campaigns_created_at_id", "created_at", "id"),
    sa.Index("ix_campaigns_status", "status"),
    # q= on PostgreSQL uses a pg_trgm GIN index on search_text, made by migration 0002 only
    # (SQLite has no such index; the metadata declares only what both dialects build).
)

campaign_members = sa.Table(
    "campaign_members",
    metadata,
    sa.Column("campaign_id", sa.Uuid, sa.ForeignKey("campaigns.id"), primary_key=True),
    sa.Column("member_type", sa.String(10), primary_key=True),
    # The unique key (the primary key) makes adding a member twice, even at once, one row.
    sa.Column("member_id", sa.Uuid, primary_key=True),
    sa.Column("response_status", sa.String(50), nullable=False),
    sa.Column("display_name", sa.String(255)),
    sa.Column("added_by", sa.Uuid),
    sa.Column("added_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    # "Which campaigns is this lead/contact in" (records' related lists).
    sa.Index("ix_campaign_members_member_id", "member_id"),
)

#: Leads sales created for a campaign (sales.lead.created.v1, or a conversion naming one).
campaign_leads = sa.Table(
    "campaign_leads",
    metadata,
    sa.Column("lead_id", sa.Uuid, primary_key=True),
    sa.Column("campaign_id", sa.Uuid, nullable=False),
    sa.Column("origin", sa.String(20)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index("ix_campaign_leads_campaign_id_created_at", "campaign_id", "created_at"),
)

#: Online form submissions credited to a campaign (marketing.lead.captured.v1).
campaign_submissions = sa.Table(
    "campaign_submissions",
    metadata,
    sa.Column("submission_id", sa.String(64), primary_key=True),
    sa.Column("campaign_id", sa.Uuid, nullable=False),
    sa.Column("form_id", sa.String(64)),
    sa.Column("captured_at", UTCDateTime, nullable=False),
    sa.Index("ix_campaign_submissions_campaign_id_captured_at", "campaign_id", "captured_at"),
)

#: Conversions of a campaign's leads (sales.lead.converted.v1).
campaign_conversions = sa.Table(
    "campaign_conversions",
    metadata,
    sa.Column("lead_id", sa.Uuid, primary_key=True),
    sa.Column("campaign_id", sa.Uuid, nullable=False),
    sa.Column("opportunity_id", sa.Uuid),
    sa.Column("converted_at", UTCDateTime, nullable=False),
    sa.Index("ix_campaign_conversions_campaign_id_converted_at", "campaign_id", "converted_at"),
)

#: Opportunities of a campaign and their outcome (created, won, lost; the snapshot's
#: campaign_id is the truth, so a deal moved to another campaign follows it).
campaign_opportunities = sa.Table(
    "campaign_opportunities",
    metadata,
    sa.Column("opportunity_id", sa.Uuid, primary_key=True),
    sa.Column("campaign_id", sa.Uuid, nullable=False),
    # open, won or lost.
    sa.Column("outcome", sa.String(10), nullable=False),
    sa.Column("amount", sa.String(40)),
    sa.Column("currency", sa.String(3)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("closed_at", UTCDateTime),
    # The snapshot version last applied: an older, late event does not undo a newer one.
    sa.Column("source_version", sa.BigInteger, nullable=False),
    sa.Index("ix_campaign_opportunities_campaign_id_created_at", "campaign_id", "created_at"),
    sa.Index("ix_campaign_opportunities_campaign_id_closed_at", "campaign_id", "closed_at"),
)
