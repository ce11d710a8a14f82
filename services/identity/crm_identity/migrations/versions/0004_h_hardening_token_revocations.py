"""Revoked access tokens and sessions (issue 12, case 7): ``token_revocations``.

A row names an access token (``kind`` "token", ``id`` its jti) or a sign-in session
(``kind`` "session", ``id`` a refresh family, the tokens' sid claim) that every service
refuses until ``expires_at``; identity publishes the rows in force in the policy snapshot.

Revision ID: 0004_h_hardening
Revises: 0003_read_only_rules
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_h_hardening"
down_revision = "0003_read_only_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "token_revocations",
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_token_revocations_expires_at", "token_revocations", ["expires_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_token_revocations_expires_at", table_name="token_revocations")
    op.drop_table("token_revocations")
