"""Service contracts and their yearly numbers, ticket feedback, the statistics facts, and
two indexes on tickets the reports and contract usage read by.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.db.types import UTCDateTime

revision = "0006"
down_revision = "0005"
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
        "contract_numbers",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_contract_numbers")),
    )
    op.create_table(
        "service_contracts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("contract_type", sa.String(length=50), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("sla_policy_id", sa.Uuid(), nullable=True),
        sa.Column("tracking_unit", sa.String(length=20), nullable=False),
        sa.Column("total_units", sa.String(length=40), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("exhausted_at", UTCDateTime(), nullable=True),
        sa.Column("expired_at", UTCDateTime(), nullable=True),
        sa.Column("review_notified_for", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_contracts")),
        sa.UniqueConstraint("number", name=op.f("uq_service_contracts_number")),
    )
    op.create_index("ix_service_contracts_account_id", "service_contracts", ["account_id"])
    op.create_index("ix_service_contracts_owner_id", "service_contracts", ["owner_id"])
    op.create_index(
        "ix_service_contracts_status_end_date", "service_contracts", ["status", "end_date"]
    )
    op.create_table(
        "ticket_feedback",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("ticket_number", sa.String(length=30), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("agent_id", sa.Uuid(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("team_kind", sa.String(length=10), nullable=True),
        sa.Column("given_by", sa.String(length=64), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_feedback")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_ticket_feedback_ticket_id")),
    )
    op.create_index("ix_ticket_feedback_created_at", "ticket_feedback", ["created_at"])
    op.create_table(
        "ticket_facts",
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("agent_id", sa.Uuid(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("team_kind", sa.String(length=10), nullable=True),
        sa.Column("priority", sa.String(length=30), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=False),
        sa.Column("first_response_minutes", sa.Integer(), nullable=True),
        sa.Column("resolution_minutes", sa.Integer(), nullable=False),
        sa.Column("sla_breached", sa.Boolean(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_ticket_facts")),
    )
    op.create_index("ix_ticket_facts_closed_at", "ticket_facts", ["closed_at"])
    op.create_index("ix_ticket_facts_agent_id_closed_at", "ticket_facts", ["agent_id", "closed_at"])
    op.create_index("ix_ticket_facts_team_id_closed_at", "ticket_facts", ["team_id", "closed_at"])
    op.create_index("ix_tickets_status_created_at", "tickets", ["status", "created_at"])
    op.create_index("ix_tickets_account_id_created_at", "tickets", ["account_id", "created_at"])
    op.create_index("ix_tickets_closed_at", "tickets", ["closed_at"])


def downgrade() -> None:
    op.drop_index("ix_tickets_closed_at", table_name="tickets")
    op.drop_index("ix_tickets_account_id_created_at", table_name="tickets")
    op.drop_index("ix_tickets_status_created_at", table_name="tickets")
    op.drop_table("ticket_facts")
    op.drop_table("ticket_feedback")
    op.drop_table("service_contracts")
    op.drop_table("contract_numbers")
