"""The service's tables (SQLAlchemy Core), with the chassis's outbox/inbox, policy and HTTP tables.

Search: leads, quotes, products and opportunities keep one lower-case ``search_text`` that
``q=`` matches with ``LIKE '%term%'``; on PostgreSQL a pg_trgm GIN index serves it, so its
cost stays flat as the table grows. Amounts are decimal strings (never floats); reports sum
them in Decimal.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_access import add_policy_table
from crm_chassis.db.columns import stamp_columns, trigram_index
from crm_chassis.db.types import UTCDateTime
from crm_chassis.events.schema import add_event_tables
from crm_chassis.http.schema import add_http_tables
from crm_sales.adapters.document_tables import MONEY, document_table, lines_table

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


leads = sa.Table(
    "leads",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    *(
        sa.Column(n, sa.String(size))
        for n, size in (
            ("salutation", 20),
            ("first_name", 100),
            ("company", 255),
            ("title", 200),
            ("email", 320),
            ("secondary_email", 320),
            ("phone", 50),
            ("mobile", 50),
            ("fax", 50),
            ("website", 500),
            ("industry", 50),
            ("annual_revenue_currency", 3),
            ("lead_source", 50),
            ("rating", 50),
            ("product_interest", 200),
            ("interest_level", 20),
            ("origin", 20),
            ("source_ref", 200),
            ("converted_by", 200),
        )
    ),
    sa.Column("last_name", sa.String(100), nullable=False),
    sa.Column("lead_status", sa.String(50), nullable=False),
    sa.Column("annual_revenue", MONEY),
    sa.Column("employees", sa.Integer),
    sa.Column("address", sa.JSON),
    sa.Column("description", sa.Text),
    sa.Column("owner_id", sa.Uuid),
    sa.Column("campaign_id", sa.Uuid),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("email_opt_out", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("do_not_contact", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("score", sa.Integer, nullable=False),
    # [{rule_id, name, points}], the parts of score; the scoring version they came from.
    sa.Column("score_breakdown", sa.JSON, nullable=False),
    sa.Column("scored_version", sa.Integer, nullable=False),
    sa.Column("is_prospect", sa.Boolean, nullable=False),
    sa.Column("budget", MONEY),
    sa.Column("potential_value", MONEY),
    sa.Column("qualified_at", UTCDateTime),
    sa.Column("next_follow_up", sa.Date),
    sa.Column("possible_duplicate", sa.Boolean, nullable=False),
    sa.Column("duplicate_of", sa.Uuid),
    sa.Column("last_touched_at", UTCDateTime),
    sa.Column("stale_notified_at", UTCDateTime),
    sa.Column("converted", sa.Boolean, nullable=False),
    sa.Column("converted_at", UTCDateTime),
    sa.Column("opportunity_id", sa.Uuid),
    sa.Column("account_id", sa.Uuid),
    sa.Column("contact_id", sa.Uuid),
    sa.Column("email_lc", sa.String(320)),
    sa.Column("name_key", sa.String(600), nullable=False),
    sa.Column("search_text", sa.Text, nullable=False),
    *stamp_columns(),
    sa.Index("ix_leads_created_at_id", "created_at", "id"),
    sa.Index("ix_leads_updated_at_id", "updated_at", "id"),
    sa.Index("ix_leads_last_name_id", "last_name", "id"),
    sa.Index("ix_leads_owner_id", "owner_id"),
    # (key, created_at): the duplicate check reads the oldest match, not every match.
    sa.Index("ix_leads_email_lc_created_at", "email_lc", "created_at"),
    sa.Index("ix_leads_name_key_created_at", "name_key", "created_at"),
    sa.Index("ix_leads_lead_status", "lead_status"),
    sa.Index("ix_leads_lead_source", "lead_source"),
    sa.Index("ix_leads_last_touched_at", "last_touched_at"),
    sa.Index("ix_leads_source_ref", "source_ref", unique=True),
    sa.Index("ix_leads_scored_version", "scored_version"),
    trigram_index("leads"),
)

lead_tags = sa.Table(
    "lead_tags",
    metadata,
    sa.Column("lead_id", sa.Uuid, sa.ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag", sa.String(50), primary_key=True),
    sa.Index("ix_lead_tags_tag_lead_id", "tag", "lead_id"),
)

lead_status_history = sa.Table(
    "lead_status_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("lead_id", sa.Uuid, sa.ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
    sa.Column("from_status", sa.String(50)),
    sa.Column("to_status", sa.String(50), nullable=False),
    sa.Column("changed_by", sa.String(200), nullable=False),
    sa.Column("changed_at", UTCDateTime, nullable=False),
    sa.Column("reason", sa.String(500)),
    sa.Index("ix_lead_status_history_lead_id", "lead_id", "id"),
)

settings_rows = sa.Table(
    "sales_settings",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.JSON, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("updated_by", sa.String(200), nullable=False),
)

scoring_rules = sa.Table(
    "scoring_rules",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(200)),
    sa.Column("field", sa.String(50), nullable=False),
    sa.Column("operator", sa.String(20), nullable=False),
    sa.Column("value", sa.String(1000), nullable=False),
    sa.Column("points", sa.Integer, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
)

assignment_rules = sa.Table(
    "assignment_rules",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("priority", sa.Integer, nullable=False),
    sa.Column("target", sa.String(20), nullable=False),
    sa.Column("owner_id", sa.Uuid),
    sa.Column("group_id", sa.Uuid),
    sa.Column("criteria", sa.JSON, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("cursor", sa.Integer, nullable=False),
)

opportunities = sa.Table(
    "opportunities",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("account_id", sa.Uuid),
    sa.Column("contact_id", sa.Uuid),
    sa.Column("amount", MONEY),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("expected_close_date", sa.Date),
    sa.Column("sales_stage", sa.String(50), nullable=False),
    sa.Column("probability", sa.Integer, nullable=False),
    sa.Column("opportunity_type", sa.String(50)),
    sa.Column("next_step", sa.String(500)),
    sa.Column("lead_source", sa.String(50)),
    sa.Column("campaign_id", sa.Uuid),
    sa.Column("lead_id", sa.Uuid),
    sa.Column("lost_reason", sa.String(500)),
    sa.Column("description", sa.Text),
    sa.Column("owner_id", sa.Uuid),
    sa.Column("closed_at", UTCDateTime),
    sa.Column("search_text", sa.Text, nullable=False),
    *stamp_columns(),
    sa.Index("ix_opportunities_created_at_id", "created_at", "id"),
    sa.Index("ix_opportunities_updated_at_id", "updated_at", "id"),
    sa.Index("ix_opportunities_name_id", "name", "id"),
    sa.Index("ix_opportunities_owner_id", "owner_id"),
    sa.Index("ix_opportunities_account_id", "account_id"),
    sa.Index("ix_opportunities_sales_stage", "sales_stage"),
    trigram_index("opportunities"),
)

opportunity_stage_history = sa.Table(
    "opportunity_stage_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "opportunity_id",
        sa.Uuid,
        sa.ForeignKey("opportunities.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("from_stage", sa.String(50)),
    sa.Column("to_stage", sa.String(50), nullable=False),
    sa.Column("amount", MONEY),
    sa.Column("probability", sa.Integer, nullable=False),
    sa.Column("changed_by", sa.String(200), nullable=False),
    sa.Column("changed_at", UTCDateTime, nullable=False),
    sa.Column("reason", sa.String(500)),
    sa.Index("ix_opportunity_stage_history_opportunity_id", "opportunity_id", "id"),
)

products = sa.Table(
    "products",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("code", sa.String(100), nullable=False, unique=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("category", sa.String(100)),
    sa.Column("unit_price", MONEY, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("tax_class", sa.String(20)),
    sa.Column("tax_percent", MONEY, nullable=False),
    sa.Column("usage_unit", sa.String(30)),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("vendor_ref", sa.String(200)),
    sa.Column("description", sa.Text),
    sa.Column("search_text", sa.Text, nullable=False),
    *stamp_columns(),
    sa.Index("ix_products_name_id", "name", "id"),
    sa.Index("ix_products_updated_at_id", "updated_at", "id"),
    sa.Index("ix_products_created_at_id", "created_at", "id"),
    trigram_index("products"),
)

price_books = sa.Table(
    "price_books",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("description", sa.Text),
    *stamp_columns(),
    sa.Index("ix_price_books_name_id", "name", "id"),
)

price_book_entries = sa.Table(
    "price_book_entries",
    metadata,
    sa.Column(
        "price_book_id",
        sa.Uuid,
        sa.ForeignKey("price_books.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("product_id", sa.Uuid, sa.ForeignKey("products.id"), primary_key=True),
    sa.Column("list_price", MONEY, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)


quotes = document_table(
    metadata,
    "quotes",
    [
        sa.Column("quote_version", sa.Integer, nullable=False),
        sa.Column("previous_version_id", sa.Uuid),
        sa.Column("subject", sa.String(255)),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("price_book_id", sa.Uuid),
        sa.Column("enquiry_id", sa.Uuid),
        sa.Column("account_name", sa.String(255)),
        sa.Column("valid_until", sa.Date),
        sa.Column("terms_and_conditions", sa.Text),
        sa.Column("approval_status", sa.String(20), nullable=False),
        sa.Column("approved_by", sa.String(200)),
        sa.Column("approved_at", UTCDateTime),
        sa.Column("superseded", sa.Boolean, nullable=False),
        sa.Column("approval_path", sa.JSON),
        sa.Column("awaiting_approval_by", sa.JSON),
        sa.UniqueConstraint("number", "quote_version"),
    ],
)
quote_lines = lines_table(metadata, "quote_lines", "quotes")

sales_orders = document_table(
    metadata,
    "sales_orders",
    [
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("quote_id", sa.Uuid, nullable=False, unique=True),
        sa.Column("quote_number", sa.String(40), nullable=False),
        sa.Column("due_date", sa.Date),
        sa.Column("recurring_frequency", sa.String(20)),
        sa.Column("created_by", sa.String(200)),
        sa.Column("invoice_paid", sa.Boolean, nullable=False, server_default=sa.false()),
    ],
)
order_lines = lines_table(metadata, "order_lines", "sales_orders")

# What billing's events said about the invoices of sales' quotes and orders.
billed_invoices = sa.Table(
    "billed_invoices",
    metadata,
    sa.Column("invoice_id", sa.Uuid, primary_key=True),
    sa.Column("quote_id", sa.Uuid),
    sa.Column("sales_order_id", sa.Uuid),
    sa.Column("money_received", sa.Boolean, nullable=False),
    sa.Index("ix_billed_invoices_quote_id", "quote_id"),
    sa.Index("ix_billed_invoices_sales_order_id", "sales_order_id"),
)

enquiries = sa.Table(
    "enquiries",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("number", sa.String(40), nullable=False, unique=True),
    sa.Column("enquiry_date", sa.Date, nullable=False),
    sa.Column("account_id", sa.Uuid, nullable=False),
    sa.Column("contact_id", sa.Uuid),
    sa.Column("product_id", sa.Uuid, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("unit_price", MONEY, nullable=False),
    sa.Column("quantity", MONEY, nullable=False),
    sa.Column("discount_percent", MONEY, nullable=False),
    sa.Column("total", MONEY, nullable=False),
    sa.Column("delivery_period", sa.String(200)),
    sa.Column("payment_terms", sa.String(50)),
    sa.Column("quotation_lead_time_days", sa.Integer),
    sa.Column("delivery_point", sa.String(500)),
    sa.Column("remarks", sa.Text),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("quote_id", sa.Uuid),
    sa.Column("owner_id", sa.Uuid),
    sa.Column("search_text", sa.Text, nullable=False),
    *stamp_columns(),
    sa.Index("ix_enquiries_created_at_id", "created_at", "id"),
    sa.Index("ix_enquiries_updated_at_id", "updated_at", "id"),
    sa.Index("ix_enquiries_owner_id", "owner_id"),
)

# One row per numbering series ("QUO-2026"): incremented in the creating transaction, so
# numbers are gap-free (a rolled-back create rolls its number back too).
counters = sa.Table(
    "counters",
    metadata,
    sa.Column("series", sa.String(40), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

event_tables = add_event_tables(metadata)
access_policy = add_policy_table(metadata)
idempotency_keys = add_http_tables(metadata)
