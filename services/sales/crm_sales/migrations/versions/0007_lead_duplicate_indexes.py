"""Leads' duplicate check reads the oldest match through (key, created_at) indexes.

With an index on the key alone, every capture read all leads of the same e-mail or name and
sorted them to find the oldest: a cost growing with the number of duplicates.

Revision ID: 0007_duplicate_indexes
Revises: 0006_do_not_contact
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0007_duplicate_indexes"
down_revision = "0006_do_not_contact"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_leads_email_lc_created_at", "leads", ["email_lc", "created_at"])
    op.create_index("ix_leads_name_key_created_at", "leads", ["name_key", "created_at"])
    op.drop_index("ix_leads_email_lc", table_name="leads")
    op.drop_index("ix_leads_name_key", table_name="leads")


def downgrade() -> None:
    op.create_index("ix_leads_name_key", "leads", ["name_key"])
    op.create_index("ix_leads_email_lc", "leads", ["email_lc"])
    op.drop_index("ix_leads_name_key_created_at", table_name="leads")
    op.drop_index("ix_leads_email_lc_created_at", table_name="leads")
