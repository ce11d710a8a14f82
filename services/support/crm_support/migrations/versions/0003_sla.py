"""SLAs: business calendars, SLA policies, the targets the scheduled check reads, and
recomputation requests.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.db.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "sla_calendars",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("hours", sa.JSON(), nullable=False),
        sa.Column("holiday_country", sa.String(length=8), nullable=True),
        sa.Column("holiday_subdivision", sa.String(length=16), nullable=True),
        sa.Column("holidays", sa.JSON(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_calendars")),
    )
    op.create_table(
        "sla_policies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("priority", sa.String(length=50), nullable=True),
        sa.Column("calendar_id", sa.Uuid(), nullable=False),
        sa.Column("first_response_minutes", sa.Integer(), nullable=True),
        sa.Column("next_response_minutes", sa.Integer(), nullable=True),
        sa.Column("resolution_minutes", sa.Integer(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["sla_calendars.id"],
            name=op.f("fk_sla_policies_calendar_id_sla_calendars"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_policies")),
    )
    op.create_index("ix_sla_policies_priority", "sla_policies", ["priority"], unique=True)
    op.create_index("ix_sla_policies_calendar_id", "sla_policies", ["calendar_id"])
    op.create_table(
        "ticket_sla_targets",
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("target", sa.String(length=20), nullable=False),
        sa.Column("policy_id", sa.Uuid(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=True),
        sa.Column("met_at", UTCDateTime(), nullable=True),
        sa.Column("warned_at", UTCDateTime(), nullable=True),
        sa.Column("breached_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_sla_targets_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("ticket_id", "target", name=op.f("pk_ticket_sla_targets")),
    )
    op.create_index("ix_ticket_sla_targets_due_at", "ticket_sla_targets", ["due_at"])
    op.create_table(
        "sla_recomputations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_recomputations")),
    )
    op.create_index("ix_sla_recomputations_done_at", "sla_recomputations", ["done_at"])


def downgrade() -> None:
    op.drop_index("ix_sla_recomputations_done_at", table_name="sla_recomputations")
    op.drop_table("sla_recomputations")
    op.drop_index("ix_ticket_sla_targets_due_at", table_name="ticket_sla_targets")
    op.drop_table("ticket_sla_targets")
    op.drop_index("ix_sla_policies_calendar_id", table_name="sla_policies")
    op.drop_index("ix_sla_policies_priority", table_name="sla_policies")
    op.drop_table("sla_policies")
    op.drop_table("sla_calendars")
