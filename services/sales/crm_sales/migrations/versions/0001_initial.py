"""Sales schema v1: leads (tags, status history), opportunities (stage history), products,
price books, quotes and sales orders (lines), enquiries, scoring and assignment rules,
settings, numbering counters; the access-policy copy, outbox/inbox and idempotency keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

On PostgreSQL, ``q=`` search is served by pg_trgm GIN indexes on ``search_text`` (the
extension is created if missing; it needs a role allowed to create it). SQLite gets no
search index: its LIKE scans, which a laptop does not notice.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_access import create_policy_table_v1
from crm_chassis.db.types import UTCDateTime
from crm_chassis.events.schema import create_event_tables_v1, drop_event_tables_v1
from crm_chassis.http.schema import create_http_tables_v1, drop_http_tables_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SEARCHED = ("leads", "opportunities", "products", "quotes", "sales_orders")
TABLES = (
    "quote_lines",
    "price_book_entries",
    "order_lines",
    "opportunity_stage_history",
    "lead_tags",
    "lead_status_history",
    "scoring_rules",
    "sales_settings",
    "sales_orders",
    "quotes",
    "products",
    "price_books",
    "opportunities",
    "leads",
    "enquiries",
    "counters",
    "assignment_rules",
)


def upgrade() -> None:
    op.create_table(
        "assignment_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_rules")),
    )
    op.create_table(
        "counters",
        sa.Column("series", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("series", name=op.f("pk_counters")),
    )
    op.create_table(
        "enquiries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("enquiry_date", sa.Date(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("unit_price", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.String(length=40), nullable=False),
        sa.Column("discount_percent", sa.String(length=40), nullable=False),
        sa.Column("total", sa.String(length=40), nullable=False),
        sa.Column("delivery_period", sa.String(length=200), nullable=True),
        sa.Column("payment_terms", sa.String(length=50), nullable=True),
        sa.Column("quotation_lead_time_days", sa.Integer(), nullable=True),
        sa.Column("delivery_point", sa.String(length=500), nullable=True),
        sa.Column("remarks", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("quote_id", sa.Uuid(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enquiries")),
        sa.UniqueConstraint("number", name=op.f("uq_enquiries_number")),
    )
    op.create_index("ix_enquiries_created_at_id", "enquiries", ["created_at", "id"], unique=False)
    op.create_index("ix_enquiries_owner_id", "enquiries", ["owner_id"], unique=False)
    op.create_index("ix_enquiries_updated_at_id", "enquiries", ["updated_at", "id"], unique=False)
    op.create_table(
        "leads",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("salutation", sa.String(length=20), nullable=True),
        sa.Column("first_name", sa.String(length=100), nullable=True),
        sa.Column("company", sa.String(length=255), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("secondary_email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("mobile", sa.String(length=50), nullable=True),
        sa.Column("fax", sa.String(length=50), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("industry", sa.String(length=50), nullable=True),
        sa.Column("annual_revenue_currency", sa.String(length=3), nullable=True),
        sa.Column("lead_source", sa.String(length=50), nullable=True),
        sa.Column("rating", sa.String(length=50), nullable=True),
        sa.Column("product_interest", sa.String(length=200), nullable=True),
        sa.Column("interest_level", sa.String(length=20), nullable=True),
        sa.Column("origin", sa.String(length=20), nullable=True),
        sa.Column("source_ref", sa.String(length=200), nullable=True),
        sa.Column("converted_by", sa.String(length=200), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("lead_status", sa.String(length=50), nullable=False),
        sa.Column("annual_revenue", sa.String(length=40), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("address", sa.JSON(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("is_prospect", sa.Boolean(), nullable=False),
        sa.Column("budget", sa.String(length=40), nullable=True),
        sa.Column("potential_value", sa.String(length=40), nullable=True),
        sa.Column("qualified_at", UTCDateTime(), nullable=True),
        sa.Column("next_follow_up", sa.Date(), nullable=True),
        sa.Column("possible_duplicate", sa.Boolean(), nullable=False),
        sa.Column("duplicate_of", sa.Uuid(), nullable=True),
        sa.Column("last_touched_at", UTCDateTime(), nullable=True),
        sa.Column("stale_notified_at", UTCDateTime(), nullable=True),
        sa.Column("converted", sa.Boolean(), nullable=False),
        sa.Column("converted_at", UTCDateTime(), nullable=True),
        sa.Column("opportunity_id", sa.Uuid(), nullable=True),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("email_lc", sa.String(length=320), nullable=True),
        sa.Column("name_key", sa.String(length=600), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
    )
    op.create_index("ix_leads_created_at_id", "leads", ["created_at", "id"], unique=False)
    op.create_index("ix_leads_email_lc", "leads", ["email_lc"], unique=False)
    op.create_index("ix_leads_last_name_id", "leads", ["last_name", "id"], unique=False)
    op.create_index("ix_leads_last_touched_at", "leads", ["last_touched_at"], unique=False)
    op.create_index("ix_leads_lead_source", "leads", ["lead_source"], unique=False)
    op.create_index("ix_leads_lead_status", "leads", ["lead_status"], unique=False)
    op.create_index("ix_leads_name_key", "leads", ["name_key"], unique=False)
    op.create_index("ix_leads_owner_id", "leads", ["owner_id"], unique=False)
    op.create_index("ix_leads_source_ref", "leads", ["source_ref"], unique=True)
    op.create_index("ix_leads_updated_at_id", "leads", ["updated_at", "id"], unique=False)
    op.create_table(
        "opportunities",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("amount", sa.String(length=40), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("expected_close_date", sa.Date(), nullable=True),
        sa.Column("sales_stage", sa.String(length=50), nullable=False),
        sa.Column("probability", sa.Integer(), nullable=False),
        sa.Column("opportunity_type", sa.String(length=50), nullable=True),
        sa.Column("next_step", sa.String(length=500), nullable=True),
        sa.Column("lead_source", sa.String(length=50), nullable=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("lead_id", sa.Uuid(), nullable=True),
        sa.Column("lost_reason", sa.String(length=500), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunities")),
    )
    op.create_index("ix_opportunities_account_id", "opportunities", ["account_id"], unique=False)
    op.create_index(
        "ix_opportunities_created_at_id", "opportunities", ["created_at", "id"], unique=False
    )
    op.create_index("ix_opportunities_name_id", "opportunities", ["name", "id"], unique=False)
    op.create_index("ix_opportunities_owner_id", "opportunities", ["owner_id"], unique=False)
    op.create_index("ix_opportunities_sales_stage", "opportunities", ["sales_stage"], unique=False)
    op.create_index(
        "ix_opportunities_updated_at_id", "opportunities", ["updated_at", "id"], unique=False
    )
    op.create_table(
        "price_books",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_books")),
    )
    op.create_index("ix_price_books_name_id", "price_books", ["name", "id"], unique=False)
    op.create_table(
        "products",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.Column("unit_price", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("tax_class", sa.String(length=20), nullable=True),
        sa.Column("tax_percent", sa.String(length=40), nullable=False),
        sa.Column("usage_unit", sa.String(length=30), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("vendor_ref", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("code", name=op.f("uq_products_code")),
    )
    op.create_index("ix_products_created_at_id", "products", ["created_at", "id"], unique=False)
    op.create_index("ix_products_name_id", "products", ["name", "id"], unique=False)
    op.create_index("ix_products_updated_at_id", "products", ["updated_at", "id"], unique=False)
    op.create_table(
        "quotes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("opportunity_id", sa.Uuid(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("billing_address", sa.JSON(), nullable=True),
        sa.Column("shipping_address", sa.JSON(), nullable=True),
        sa.Column("subtotal", sa.String(length=40), nullable=False),
        sa.Column("discount_total", sa.String(length=40), nullable=False),
        sa.Column("tax_total", sa.String(length=40), nullable=False),
        sa.Column("shipping", sa.String(length=40), nullable=False),
        sa.Column("adjustment", sa.String(length=40), nullable=False),
        sa.Column("grand_total", sa.String(length=40), nullable=False),
        sa.Column("payment_terms", sa.String(length=50), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("quote_version", sa.Integer(), nullable=False),
        sa.Column("previous_version_id", sa.Uuid(), nullable=True),
        sa.Column("subject", sa.String(length=255), nullable=True),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("price_book_id", sa.Uuid(), nullable=True),
        sa.Column("enquiry_id", sa.Uuid(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("terms_and_conditions", sa.Text(), nullable=True),
        sa.Column("approval_status", sa.String(length=20), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("approved_at", UTCDateTime(), nullable=True),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
        sa.UniqueConstraint("number", "quote_version", name=op.f("uq_quotes_number_quote_version")),
    )
    op.create_index("ix_quotes_account_id", "quotes", ["account_id"], unique=False)
    op.create_index("ix_quotes_created_at_id", "quotes", ["created_at", "id"], unique=False)
    op.create_index("ix_quotes_number_id", "quotes", ["number", "id"], unique=False)
    op.create_index("ix_quotes_owner_id", "quotes", ["owner_id"], unique=False)
    op.create_index("ix_quotes_updated_at_id", "quotes", ["updated_at", "id"], unique=False)
    op.create_table(
        "sales_orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("opportunity_id", sa.Uuid(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("billing_address", sa.JSON(), nullable=True),
        sa.Column("shipping_address", sa.JSON(), nullable=True),
        sa.Column("subtotal", sa.String(length=40), nullable=False),
        sa.Column("discount_total", sa.String(length=40), nullable=False),
        sa.Column("tax_total", sa.String(length=40), nullable=False),
        sa.Column("shipping", sa.String(length=40), nullable=False),
        sa.Column("adjustment", sa.String(length=40), nullable=False),
        sa.Column("grand_total", sa.String(length=40), nullable=False),
        sa.Column("payment_terms", sa.String(length=50), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("quote_id", sa.Uuid(), nullable=False),
        sa.Column("quote_number", sa.String(length=40), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("recurring_frequency", sa.String(length=20), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_orders")),
        sa.UniqueConstraint("quote_id", name=op.f("uq_sales_orders_quote_id")),
    )
    op.create_index("ix_sales_orders_account_id", "sales_orders", ["account_id"], unique=False)
    op.create_index(
        "ix_sales_orders_created_at_id", "sales_orders", ["created_at", "id"], unique=False
    )
    op.create_index("ix_sales_orders_number_id", "sales_orders", ["number", "id"], unique=False)
    op.create_index("ix_sales_orders_owner_id", "sales_orders", ["owner_id"], unique=False)
    op.create_index(
        "ix_sales_orders_updated_at_id", "sales_orders", ["updated_at", "id"], unique=False
    )
    op.create_table(
        "sales_settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sales_settings")),
    )
    op.create_table(
        "scoring_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.Column("operator", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=1000), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scoring_rules")),
    )
    op.create_table(
        "lead_status_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("lead_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sa.String(length=50), nullable=True),
        sa.Column("to_status", sa.String(length=50), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_lead_status_history_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_status_history")),
    )
    op.create_index(
        "ix_lead_status_history_lead_id", "lead_status_history", ["lead_id", "id"], unique=False
    )
    op.create_table(
        "lead_tags",
        sa.Column("lead_id", sa.Uuid(), nullable=False),
        sa.Column("tag", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_lead_tags_lead_id_leads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("lead_id", "tag", name=op.f("pk_lead_tags")),
    )
    op.create_index("ix_lead_tags_tag_lead_id", "lead_tags", ["tag", "lead_id"], unique=False)
    op.create_table(
        "opportunity_stage_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("opportunity_id", sa.Uuid(), nullable=False),
        sa.Column("from_stage", sa.String(length=50), nullable=True),
        sa.Column("to_stage", sa.String(length=50), nullable=False),
        sa.Column("amount", sa.String(length=40), nullable=True),
        sa.Column("probability", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunities.id"],
            name=op.f("fk_opportunity_stage_history_opportunity_id_opportunities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunity_stage_history")),
    )
    op.create_index(
        "ix_opportunity_stage_history_opportunity_id",
        "opportunity_stage_history",
        ["opportunity_id", "id"],
        unique=False,
    )
    op.create_table(
        "order_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("product_code", sa.String(length=100), nullable=False),
        sa.Column("product_name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("usage_unit", sa.String(length=30), nullable=True),
        sa.Column("tax_class", sa.String(length=20), nullable=True),
        sa.Column("quantity", sa.String(length=40), nullable=False),
        sa.Column("unit_price", sa.String(length=40), nullable=False),
        sa.Column("discount_percent", sa.String(length=40), nullable=False),
        sa.Column("discount_amount", sa.String(length=40), nullable=False),
        sa.Column("tax_percent", sa.String(length=40), nullable=False),
        sa.Column("gross_total", sa.String(length=40), nullable=False),
        sa.Column("net_total", sa.String(length=40), nullable=False),
        sa.Column("tax_amount", sa.String(length=40), nullable=False),
        sa.Column("total", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["sales_orders.id"],
            name=op.f("fk_order_lines_document_id_sales_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_lines")),
    )
    op.create_index(
        "ix_order_lines_document_id", "order_lines", ["document_id", "position"], unique=False
    )
    op.create_index("ix_order_lines_product_id", "order_lines", ["product_id"], unique=False)
    op.create_table(
        "price_book_entries",
        sa.Column("price_book_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("list_price", sa.String(length=40), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["price_book_id"],
            ["price_books.id"],
            name=op.f("fk_price_book_entries_price_book_id_price_books"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_price_book_entries_product_id_products")
        ),
        sa.PrimaryKeyConstraint("price_book_id", "product_id", name=op.f("pk_price_book_entries")),
    )
    op.create_table(
        "quote_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("product_code", sa.String(length=100), nullable=False),
        sa.Column("product_name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("usage_unit", sa.String(length=30), nullable=True),
        sa.Column("tax_class", sa.String(length=20), nullable=True),
        sa.Column("quantity", sa.String(length=40), nullable=False),
        sa.Column("unit_price", sa.String(length=40), nullable=False),
        sa.Column("discount_percent", sa.String(length=40), nullable=False),
        sa.Column("discount_amount", sa.String(length=40), nullable=False),
        sa.Column("tax_percent", sa.String(length=40), nullable=False),
        sa.Column("gross_total", sa.String(length=40), nullable=False),
        sa.Column("net_total", sa.String(length=40), nullable=False),
        sa.Column("tax_amount", sa.String(length=40), nullable=False),
        sa.Column("total", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["quotes.id"],
            name=op.f("fk_quote_lines_document_id_quotes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_lines")),
    )
    op.create_index(
        "ix_quote_lines_document_id", "quote_lines", ["document_id", "position"], unique=False
    )
    op.create_index("ix_quote_lines_product_id", "quote_lines", ["product_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in SEARCHED:
            op.execute(
                f"CREATE INDEX ix_{table}_search_trgm ON {table} "
                "USING gin (search_text gin_trgm_ops)"
            )
    create_event_tables_v1(op)
    create_http_tables_v1(op)
    create_policy_table_v1(op)


def downgrade() -> None:
    op.drop_table("access_policy")
    drop_http_tables_v1(op)
    drop_event_tables_v1(op)
    for table in TABLES:
        op.drop_table(table)
