"""The chassis's tables: outbox and inbox, idempotency keys, the access-policy copy.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

from crm_access import create_policy_table_v1
from crm_chassis.events.schema import create_event_tables_v1, drop_event_tables_v1
from crm_chassis.http.schema import create_http_tables_v1, drop_http_tables_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_event_tables_v1(op)
    create_http_tables_v1(op)
    create_policy_table_v1(op)


def downgrade() -> None:
    op.drop_table("access_policy")
    drop_http_tables_v1(op)
    drop_event_tables_v1(op)
