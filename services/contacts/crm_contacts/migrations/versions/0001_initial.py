"""Accounts, contacts, tags, the owner directory, outbox/inbox and idempotency keys.

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

from crm_chassis.db.types import UTCDateTime
from crm_chassis.events.schema import create_event_tables_v1, drop_event_tables_v1
from crm_chassis.http.schema import create_http_tables_v1, drop_http_tables_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _address(prefix: str) -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}_street", sa.String(500)),
        sa.Column(f"{prefix}_city", sa.String(200)),
        sa.Column(f"{prefix}_state", sa.String(200)),
        sa.Column(f"{prefix}_postal_code", sa.String(50)),
        sa.Column(f"{prefix}_country", sa.String(100)),
    ]


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "accounts",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("name_key", sa.String(255), nullable=False),
        sa.Column("account_type", sa.String(50)),
        sa.Column("industry", sa.String(50)),
        sa.Column("website", sa.String(500)),
        sa.Column("phone", sa.String(50)),
        sa.Column("email", sa.String(320)),
        sa.Column("email_lc", sa.String(320)),
        *_address("billing"),
        *_address("shipping"),
        sa.Column("annual_revenue_amount", sa.String(40)),
        sa.Column("annual_revenue_currency", sa.String(3)),
        sa.Column("employees", sa.Integer),
        sa.Column("owner_id", sa.Uuid, nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
    )
    op.create_index("ix_accounts_name_key_id", "accounts", ["name_key", "id"])
    op.create_index("ix_accounts_created_at_id", "accounts", ["created_at", "id"])
    op.create_index("ix_accounts_updated_at_id", "accounts", ["updated_at", "id"])
    op.create_index("ix_accounts_owner_id", "accounts", ["owner_id"])
    op.create_index("ix_accounts_email_lc", "accounts", ["email_lc"])
    op.create_index("ix_accounts_account_type", "accounts", ["account_type"])
    op.create_index("ix_accounts_industry", "accounts", ["industry"])

    op.create_table(
        "account_tags",
        sa.Column("account_id", sa.Uuid, nullable=False),
        sa.Column("tag", sa.String(50), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            ondelete="CASCADE",
            name="fk_account_tags_account_id_accounts",
        ),
        sa.PrimaryKeyConstraint("account_id", "tag", name="pk_account_tags"),
    )
    op.create_index("ix_account_tags_tag_account_id", "account_tags", ["tag", "account_id"])

    op.create_table(
        "contacts",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("account_id", sa.Uuid, nullable=True),
        sa.Column("salutation", sa.String(20)),
        sa.Column("first_name", sa.String(100)),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("sort_name", sa.String(210), nullable=False),
        sa.Column("title", sa.String(200)),
        sa.Column("department", sa.String(200)),
        sa.Column("email", sa.String(320)),
        sa.Column("email_lc", sa.String(320)),
        sa.Column("phone", sa.String(50)),
        sa.Column("mobile", sa.String(50)),
        *_address("mailing"),
        sa.Column("lead_source", sa.String(50)),
        sa.Column("do_not_call", sa.Boolean, nullable=False),
        sa.Column("email_opt_out", sa.Boolean, nullable=False),
        sa.Column("owner_id", sa.Uuid, nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_contacts_account_id_accounts"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_contacts"),
    )
    op.create_index("ix_contacts_sort_name_id", "contacts", ["sort_name", "id"])
    op.create_index("ix_contacts_created_at_id", "contacts", ["created_at", "id"])
    op.create_index("ix_contacts_updated_at_id", "contacts", ["updated_at", "id"])
    op.create_index("ix_contacts_account_id", "contacts", ["account_id"])
    op.create_index("ix_contacts_owner_id", "contacts", ["owner_id"])
    op.create_index("ix_contacts_email_lc", "contacts", ["email_lc"])

    op.create_table(
        "contact_tags",
        sa.Column("contact_id", sa.Uuid, nullable=False),
        sa.Column("tag", sa.String(50), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            ondelete="CASCADE",
            name="fk_contact_tags_contact_id_contacts",
        ),
        sa.PrimaryKeyConstraint("contact_id", "tag", name="pk_contact_tags"),
    )
    op.create_index("ix_contact_tags_tag_contact_id", "contact_tags", ["tag", "contact_id"])

    op.create_table(
        "owners",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("deactivated_at", UTCDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_owners"),
    )
    op.create_index("ix_owners_email", "owners", ["email"])

    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in ("accounts", "contacts"):
            op.create_index(
                f"ix_{table}_search_trgm",
                table,
                ["search_text"],
                postgresql_using="gin",
                postgresql_ops={"search_text": "gin_trgm_ops"},
            )

    create_event_tables_v1(op)
    create_http_tables_v1(op)


def downgrade() -> None:
    drop_http_tables_v1(op)
    drop_event_tables_v1(op)
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_contacts_search_trgm", table_name="contacts")
        op.drop_index("ix_accounts_search_trgm", table_name="accounts")
    op.drop_table("owners")
    op.drop_table("contact_tags")
    op.drop_table("contacts")
    op.drop_table("account_tags")
    op.drop_table("accounts")
