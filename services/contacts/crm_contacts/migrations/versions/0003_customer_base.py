"""The customer base: account codes, hierarchy, areas, contact details, duplicate keys,
soft delete and merge, deletion requests and import jobs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Existing accounts get customer codes ACC-000001... in creation order, and the counter
continues after them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.db.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _lifecycle() -> list[sa.Column]:
    return [
        sa.Column("origin_lead_id", sa.Uuid),
        sa.Column("dedupe_name", sa.String(255)),
        sa.Column("phone_key", sa.String(20)),
        sa.Column("deleted_at", UTCDateTime),
        sa.Column("deleted_by", sa.String(200)),
        sa.Column("purge_after", UTCDateTime),
        sa.Column("merged_into_id", sa.Uuid),
    ]


def upgrade() -> None:
    for column in (
        sa.Column("customer_code", sa.String(30)),
        sa.Column("parent_id", sa.Uuid),
        sa.Column("area", sa.String(100)),
        sa.Column("area_key", sa.String(100)),
        sa.Column("fax", sa.String(50)),
        sa.Column("rating", sa.String(50)),
        sa.Column("web_domain", sa.String(255)),
        *_lifecycle(),
    ):
        op.add_column("accounts", column)
    for column in (
        sa.Column("reports_to_id", sa.Uuid),
        sa.Column("secondary_email", sa.String(320)),
        sa.Column("other_phone", sa.String(50)),
        sa.Column("fax", sa.String(50)),
        sa.Column("birthday", sa.Date),
        sa.Column("portal_access", sa.Boolean, nullable=False, server_default=sa.false()),
        *_lifecycle(),
    ):
        op.add_column("contacts", column)

    op.create_table(
        "code_sequences",
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("next_value", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_code_sequences"),
    )
    _backfill_customer_codes()

    op.create_index("uq_accounts_customer_code", "accounts", ["customer_code"], unique=True)
    op.create_index("ix_accounts_parent_id", "accounts", ["parent_id"])
    op.create_index("ix_accounts_area_key", "accounts", ["area_key"])
    op.create_index("ix_accounts_dedupe_name", "accounts", ["dedupe_name"])
    op.create_index("ix_accounts_phone_key", "accounts", ["phone_key"])
    op.create_index("ix_accounts_web_domain", "accounts", ["web_domain"])
    op.create_index("ix_accounts_deleted_at", "accounts", ["deleted_at"])
    op.create_index("ix_contacts_reports_to_id", "contacts", ["reports_to_id"])
    op.create_index("ix_contacts_dedupe_name", "contacts", ["dedupe_name"])
    op.create_index("ix_contacts_phone_key", "contacts", ["phone_key"])
    op.create_index("ix_contacts_deleted_at", "contacts", ["deleted_at"])

    op.create_table(
        "deletion_requests",
        sa.Column("id", sa.Uuid, nullable=False),
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
        sa.PrimaryKeyConstraint("id", name="pk_deletion_requests"),
    )
    op.create_index("ix_deletion_requests_record_id", "deletion_requests", ["record_id"])
    op.create_index(
        "ix_deletion_requests_requested_at_id", "deletion_requests", ["requested_at", "id"]
    )

    op.create_table(
        "import_jobs",
        sa.Column("id", sa.Uuid, nullable=False),
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
        sa.PrimaryKeyConstraint("id", name="pk_import_jobs"),
    )


def _backfill_customer_codes() -> None:
    bind = op.get_bind()
    ids = bind.execute(sa.text("SELECT id FROM accounts ORDER BY created_at, id")).scalars().all()
    accounts = sa.table("accounts", sa.column("id", sa.Uuid), sa.column("customer_code"))
    for n, account_id in enumerate(ids, start=1):
        bind.execute(
            accounts.update()
            .where(accounts.c.id == account_id)
            .values(customer_code=f"ACC-{n:06d}")
        )
    bind.execute(
        sa.text("INSERT INTO code_sequences (name, next_value) VALUES ('ACC', :n)"),
        {"n": len(ids) + 1},
    )


def downgrade() -> None:
    op.drop_table("import_jobs")
    op.drop_table("deletion_requests")
    op.drop_table("code_sequences")
    for name in ("reports_to_id", "dedupe_name", "phone_key", "deleted_at"):
        op.drop_index(f"ix_contacts_{name}", table_name="contacts")
    for name in ("parent_id", "area_key", "dedupe_name", "phone_key", "web_domain", "deleted_at"):
        op.drop_index(f"ix_accounts_{name}", table_name="accounts")
    op.drop_index("uq_accounts_customer_code", table_name="accounts")
    lifecycle = [c.name for c in _lifecycle()]
    with op.batch_alter_table("contacts") as batch:
        for name in (
            "reports_to_id",
            "secondary_email",
            "other_phone",
            "fax",
            "birthday",
            "portal_access",
            *lifecycle,
        ):
            batch.drop_column(name)
    with op.batch_alter_table("accounts") as batch:
        for name in (
            "customer_code",
            "parent_id",
            "area",
            "area_key",
            "fax",
            "rating",
            "web_domain",
            *lifecycle,
        ):
            batch.drop_column(name)
