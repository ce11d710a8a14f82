"""The local copy of identity's access policy (``access_policy``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

from crm_access import create_policy_table_v1

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_policy_table_v1(op)


def downgrade() -> None:
    op.drop_table("access_policy")
