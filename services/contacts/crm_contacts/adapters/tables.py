"""The service's tables (SQLAlchemy Core), including the chassis's outbox/inbox and HTTP tables.

Search: each record keeps one lower-case ``search_text`` column (name, e-mail, phones as
typed and as digits, website) that ``q=`` matches with ``LIKE '%term%'``. On PostgreSQL a
pg_trgm GIN index serves that LIKE (flat cost as the table grows); on SQLite it is a scan,
which is fine for a laptop. Tags live in side tables so that ``tag=`` is an index lookup.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_chassis.access import add_policy_table
from crm_chassis.db.types import UTCDateTime
from crm_chassis.events.schema import add_event_tables
from crm_chassis.http.schema import add_http_tables

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _address(prefix: str) -> list[sa.Column[str]]:
    return [
        sa.Column(f"{prefix}_street", sa.String(500)),
        sa.Column(f"{prefix}_city", sa.String(200)),
        sa.Column(f"{prefix}_state", sa.String(200)),
        sa.Column(f"{prefix}_postal_code", sa.String(50)),
        sa.Column(f"{prefix}_country", sa.String(100)),
    ]


def _trigram(table: str) -> sa.Index:
    return sa.Index(
        f"ix_{table}_search_trgm",
        "search_text",
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    ).ddl_if(dialect="postgresql")


accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
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
    # A decimal string, never a float; nothing sorts or sums on it here.
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
    sa.Index("ix_accounts_name_key_id", "name_key", "id"),
    sa.Index("ix_accounts_created_at_id", "created_at", "id"),
    sa.Index("ix_accounts_updated_at_id", "updated_at", "id"),
    sa.Index("ix_accounts_owner_id", "owner_id"),
    sa.Index("ix_accounts_email_lc", "email_lc"),
    sa.Index("ix_accounts_account_type", "account_type"),
    sa.Index("ix_accounts_industry", "industry"),
    _trigram("accounts"),
)

account_tags = sa.Table(
    "account_tags",
    metadata,
    sa.Column(
        "account_id", sa.Uuid, sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("tag", sa.String(50), primary_key=True),
    sa.Index("ix_account_tags_tag_account_id", "tag", "account_id"),
)

contacts = sa.Table(
    "contacts",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("account_id", sa.Uuid, sa.ForeignKey("accounts.id"), nullable=True),
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
    sa.Index("ix_contacts_sort_name_id", "sort_name", "id"),
    sa.Index("ix_contacts_created_at_id", "created_at", "id"),
    sa.Index("ix_contacts_updated_at_id", "updated_at", "id"),
    sa.Index("ix_contacts_account_id", "account_id"),
    sa.Index("ix_contacts_owner_id", "owner_id"),
    sa.Index("ix_contacts_email_lc", "email_lc"),
    _trigram("contacts"),
)

contact_tags = sa.Table(
    "contact_tags",
    metadata,
    sa.Column(
        "contact_id", sa.Uuid, sa.ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("tag", sa.String(50), primary_key=True),
    sa.Index("ix_contact_tags_tag_contact_id", "tag", "contact_id"),
)

# The owner directory: identity's users as far as contacts needs them, fed by events.
owners = sa.Table(
    "owners",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("display_name", sa.String(200), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("deactivated_at", UTCDateTime, nullable=True),
    sa.Index("ix_owners_email", "email"),
)

event_tables = add_event_tables(metadata)
# identity's access policy, the local copy every process decides with.
access_policy = add_policy_table(metadata)
idempotency_keys = add_http_tables(metadata)
