"""Leads keep their score's breakdown and the scoring version it came from (case 4).

Revision ID: 0003_rules
Revises: 0002
Create Date: 2026-12-03

``score_breakdown`` lists which scoring rule added how many points; ``scored_version`` is
the value of the ``scoring-rules`` counter (bumped by every change of a rule) the score was
computed with. The counter starts at 1 here, so the worker's rescoring pass gives every
existing lead (scored_version 0) its breakdown from the current rules, in batches.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_rules"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(
            sa.Column("score_breakdown", sa.JSON, nullable=False, server_default=sa.text("'[]'"))
        )
        batch.add_column(
            sa.Column("scored_version", sa.Integer, nullable=False, server_default="0")
        )
    with op.batch_alter_table("leads") as batch:
        batch.alter_column("score_breakdown", server_default=None)
        batch.alter_column("scored_version", server_default=None)
    op.create_index("ix_leads_scored_version", "leads", ["scored_version"])
    counters = sa.table(
        "counters", sa.column("series", sa.String), sa.column("value", sa.BigInteger)
    )
    op.execute(counters.insert().values(series="scoring-rules", value=1))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM counters WHERE series = 'scoring-rules'"))
    op.drop_index("ix_leads_scored_version", table_name="leads")
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("scored_version")
        batch.drop_column("score_breakdown")
