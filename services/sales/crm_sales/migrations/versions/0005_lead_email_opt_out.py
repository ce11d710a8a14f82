"""Leads' e-mail opt-out: set by marketing's unsubscribe event, or by hand.

Revision ID: 0005_email_opt_out
Revises: 0004_lifecycle
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_email_opt_out"
down_revision = "0004_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(
            sa.Column("email_opt_out", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("email_opt_out")
