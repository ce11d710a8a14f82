"""Invoices remember the customer's name, their quote family and a system status reason.

Revision ID: 0002_h_billing
Revises: 0001
Create Date: 2026-12-03

``account_name`` is what the PDF's "Bill to" prints (kept when the invoice is made, looked
up for older ones); ``quote_number``/``quote_version`` find the invoices of a quote's earlier
versions; ``status_reason`` and ``superseded_by_quote_id`` record why a draft was cancelled
(a later version of its quote was approved) or mark an issued one whose quote moved on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_h_billing"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        batch.add_column(sa.Column("account_name", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("quote_number", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("quote_version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("status_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("superseded_by_quote_id", sa.Uuid(), nullable=True))
        batch.create_index("ix_invoices_quote_number", ["quote_number"])


def downgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        batch.drop_index("ix_invoices_quote_number")
        for name in (
            "superseded_by_quote_id",
            "status_reason",
            "quote_version",
            "quote_number",
            "account_name",
        ):
            batch.drop_column(name)
