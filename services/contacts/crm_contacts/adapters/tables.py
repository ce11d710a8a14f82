"""The service's tables (SQLAlchemy Core), including the chassis's outbox/inbox and HTTP tables.

Search: each record keeps one lower-case ``search_text`` column (name, e-mail, phones as
typed and as digits, website) that ``q=`` matches with ``LIKE '%term%'``. On PostgreSQL a
pg_trgm GIN index serves that LIKE (flat cost as the table grows); on SQLite it is a scan,
which is fine for a laptop. Tags live in side tables so that ``tag=`` is an index lookup.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_access import add_policy_table
from crm_chassis.db.columns import trigram_index
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


def _lifecycle() -> list[sa.Column[object]]:
    # Soft delete (restorable until purge_after) and merge (the id resolves to the survivor).
    return [
        sa.Column("origin_lead_id", sa.Uuid),
        sa.Column("dedupe_name", sa.String(255)),
        sa.Column("phone_key", sa.String(20)),
        sa.Column("deleted_at", UTCDateTime),
        sa.Column("deleted_by", sa.String(200)),
        sa.Column("purge_after", UTCDateTime),
        sa.Column("merged_into_id", sa.Uuid),
    ]


def _account_base() -> list[sa.SchemaItem]:
    """Customer-base columns of accounts (migration 0003) and their indexes."""
    return [
        sa.Column("customer_code", sa.String(30)),
        sa.Column("parent_id", sa.Uuid),
        sa.Column("area", sa.String(100)),
        sa.Column("area_key", sa.String(100)),
        sa.Column("fax", sa.String(50)),
        sa.Column("rating", sa.String(50)),
        sa.Column("web_domain", sa.String(255)),
        *_lifecycle(),
        sa.Index("uq_accounts_customer_code", "customer_code", unique=True),
        sa.Index("ix_accounts_parent_id", "parent_id"),
        sa.Index("ix_accounts_area_key", "area_key"),
        sa.Index("ix_accounts_dedupe_name", "dedupe_name"),
        sa.Index("ix_accounts_phone_key", "phone_key"),
        sa.Index("ix_accounts_web_domain", "web_domain"),
        sa.Index("ix_accounts_deleted_at", "deleted_at"),
    ]


def _contact_base() -> list[sa.SchemaItem]:
    """Customer-base columns of contacts (migration 0003) and their indexes."""
    return [
        sa.Column("reports_to_id", sa.Uuid),
        sa.Column("secondary_email", sa.String(320)),
        sa.Column("other_phone", sa.String(50)),
        sa.Column("fax", sa.String(50)),
        sa.Column("birthday", sa.Date),
        sa.Column("portal_access", sa.Boolean, nullable=False, server_default=sa.false()),
        *_lifecycle(),
        sa.Index("ix_contacts_reports_to_id", "reports_to_id"),
        sa.Index("ix_contacts_dedupe_name", "dedupe_name"),
        sa.Index("ix_contacts_phone_key", "phone_key"),
        sa.Index("ix_contacts_deleted_at", "deleted_at"),
    ]


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
    *_account_base(),
    sa.Index("ix_accounts_name_key_id", "name_key", "id"),
    sa.Index("ix_accounts_created_at_id", "created_at", "id"),
    sa.Index("ix_accounts_updated_at_id", "updated_at", "id"),
    sa.Index("ix_accounts_owner_id", "owner_id"),
    sa.Index("ix_accounts_email_lc", "email_lc"),
    sa.Index("ix_accounts_account_type", "account_type"),
    sa.Index("ix_accounts_industry", "industry"),
    trigram_index("accounts"),
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
    sa.Column("do_not_contact", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("owner_id", sa.Uuid, nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("search_text", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    *_contact_base(),
    sa.Index("ix_contacts_sort_name_id", "sort_name", "id"),
    sa.Index("ix_contacts_created_at_id", "created_at", "id"),
    sa.Index("ix_contacts_updated_at_id", "updated_at", "id"),
    sa.Index("ix_contacts_account_id", "account_id"),
    sa.Index("ix_contacts_owner_id", "owner_id"),
    sa.Index("ix_contacts_email_lc", "email_lc"),
    trigram_index("contacts"),
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

# Counters for human-facing codes ("ACC-000123"); one row per series.
code_sequences = sa.Table(
    "code_sequences",
    metadata,
    sa.Column("name", sa.String(20), primary_key=True),
    sa.Column("next_value", sa.BigInteger, nullable=False),
)

# A delete of a referenced record waits here for a manager's decision.
deletion_requests = sa.Table(
    "deletion_requests",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("record_type", sa.String(20), nullable=False),
    sa.Column("record_id", sa.Uuid, nullable=False),
    sa.Column("record_owner_id", sa.Uuid, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("references", sa.JSON, nullable=False),
    sa.Column("requested_by", sa.String(200), nullable=False),
    sa.Column("requested_at", UTCDateTime, nullable=False),
    sa.Column("decided_by", sa.String(200)),
    sa.Column("decided_at", UTCDateTime),
    sa.Column("decision_note", sa.Text),
    sa.Index("ix_deletion_requests_record_id", "record_id"),
    sa.Index("ix_deletion_requests_requested_at_id", "requested_at", "id"),
)

# Import jobs: their options, progress and per-row error report.
import_jobs = sa.Table(
    "import_jobs",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("entity", sa.String(20), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("dry_run", sa.Boolean, nullable=False),
    sa.Column("on_duplicate", sa.String(10), nullable=False),
    sa.Column("total_rows", sa.Integer, nullable=False),
    sa.Column("processed_rows", sa.Integer, nullable=False),
    sa.Column("created_count", sa.Integer, nullable=False),
    sa.Column("updated_count", sa.Integer, nullable=False),
    sa.Column("skipped_count", sa.Integer, nullable=False),
    sa.Column("failed_count", sa.Integer, nullable=False),
    sa.Column("errors", sa.JSON, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime),
    # Background imports (migration 0004): progress, what the worker needs, its lease.
    sa.Column("rows_total", sa.Integer),
    sa.Column("batches_committed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("mapping", sa.JSON),
    sa.Column("principal", sa.JSON),
    sa.Column("upload_bytes", sa.BigInteger),
    sa.Column("claimed_by", sa.String(200)),
    sa.Column("lease_until", UTCDateTime),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Index("ix_import_jobs_status_created_at", "status", "created_at"),
)
# An uploaded CSV of a queued import, in 1 MiB chunks (any role, any host can read it).
import_uploads = sa.Table(
    "import_uploads",
    metadata,
    sa.Column(
        "job_id", sa.Uuid, sa.ForeignKey("import_jobs.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

# Lead conversion (migration 0005): one lock row per match key (the lead, the company's name
# key, its web domain, the person's e-mail), taken as the first write of a conversion so that
# concurrent conversions of one company run one after the other; and what each lead became.
match_locks = sa.Table(
    "match_locks",
    metadata,
    sa.Column("key", sa.String(300), primary_key=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
)
lead_conversions = sa.Table(
    "lead_conversions",
    metadata,
    sa.Column("lead_id", sa.Uuid, primary_key=True),
    sa.Column("account_id", sa.Uuid, nullable=False),
    sa.Column("contact_id", sa.Uuid, nullable=False),
    sa.Column("existing_account", sa.Boolean, nullable=False),
    sa.Column("existing_contact", sa.Boolean, nullable=False),
    sa.Column("converted_at", UTCDateTime, nullable=False),
)

event_tables = add_event_tables(metadata)
# identity's access policy, the local copy every process decides with.
access_policy = add_policy_table(metadata)
idempotency_keys = add_http_tables(metadata)

# Activities, notes and the timeline add their tables to this MetaData (imported last: it
# imports ``metadata`` from here).
from crm_contacts.adapters import activity_tables as _activity_tables  # noqa: E402,F401
