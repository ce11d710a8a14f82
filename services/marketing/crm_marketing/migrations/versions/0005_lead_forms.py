"""Online lead forms and their submissions (h/forms).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.db.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lead_forms",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("owner_id", sa.Uuid, nullable=False),
        sa.Column("campaign_id", sa.Uuid),
        sa.Column("definition", sa.JSON, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lead_forms"),
    )
    for column in ("status", "owner_id", "campaign_id", "updated_at"):
        op.create_index(f"ix_lead_forms_{column}", "lead_forms", [column])
    op.create_table(
        "form_submissions",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("form_id", sa.Uuid, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(40)),
        sa.Column("detail", sa.String(500)),
        sa.Column("origin", sa.String(300)),
        sa.Column("ip_hash", sa.String(64), nullable=False),
        sa.Column("client_key", sa.String(100)),
        sa.Column("campaign_id", sa.Uuid),
        sa.Column("field_values", sa.JSON, nullable=False),
        sa.Column("field_errors", sa.JSON, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_form_submissions"),
        sa.ForeignKeyConstraint(
            ["form_id"],
            ["lead_forms.id"],
            name="fk_form_submissions_form_id_lead_forms",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("form_id", "client_key", name="uq_form_submissions_form_id_client_key"),
    )
    op.create_index(
        "ix_form_submissions_form_id_created_at", "form_submissions", ["form_id", "created_at"]
    )
    op.create_index(
        "ix_form_submissions_ip_hash_created_at", "form_submissions", ["ip_hash", "created_at"]
    )


def downgrade() -> None:
    op.drop_table("form_submissions")
    op.drop_table("lead_forms")
