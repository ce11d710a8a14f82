"""Sales schema v1: leads, opportunities, catalog, quotes, orders, enquiries, rules, counters,
the access-policy copy, outbox/inbox and idempotency keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

Created from the table definitions as they stood at this revision (adapters/tables.py):
the service had no earlier schema, so the first revision is that whole model. Later
revisions must use explicit operations. On PostgreSQL the pg_trgm extension serves the
``search_text`` GIN indexes (created if missing; needs a role allowed to create it).
"""

from __future__ import annotations

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    from crm_sales.adapters.tables import metadata

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    metadata.create_all(bind)


def downgrade() -> None:
    from crm_sales.adapters.tables import metadata

    metadata.drop_all(op.get_bind())
