"""Contacts' do-not-contact flag: marketing never mails such a contact, whatever list it is on.

Revision ID: 0006_do_not_contact
Revises: 0005_conversion
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_do_not_contact"
down_revision = "0005_conversion"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(
            sa.Column("do_not_contact", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("do_not_contact")
