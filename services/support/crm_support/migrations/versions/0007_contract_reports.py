"""Contract reports, measured at a million tickets: the satisfaction score kept on the
statistics facts (the reports no longer join the feedback table), and the open tickets'
partial covering index in place of ``ix_tickets_status_created_at`` (an index-only scan of
the few open tickets instead of the heap's scattered pages).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OPEN_TICKETS = "status IN ('Open', 'In Progress', 'Wait For Response')"


def upgrade() -> None:
    with op.batch_alter_table("ticket_facts") as batch:
        batch.add_column(sa.Column("score", sa.SmallInteger(), nullable=True))
    # Facts recorded before this revision take the score of the feedback given since.
    op.execute(
        "UPDATE ticket_facts SET score = (SELECT f.score FROM ticket_feedback f"
        " WHERE f.ticket_id = ticket_facts.ticket_id)"
    )
    op.drop_index("ix_tickets_status_created_at", table_name="tickets")
    op.create_index(
        "ix_tickets_open_report",
        "tickets",
        ["status", "created_at"],
        postgresql_include=["priority", "owner_id", "owner_kind"],
        postgresql_where=sa.text(OPEN_TICKETS),
        sqlite_where=sa.text(OPEN_TICKETS),
    )


def downgrade() -> None:
    op.drop_index("ix_tickets_open_report", table_name="tickets")
    op.create_index("ix_tickets_status_created_at", "tickets", ["status", "created_at"])
    with op.batch_alter_table("ticket_facts") as batch:
        batch.drop_column("score")
