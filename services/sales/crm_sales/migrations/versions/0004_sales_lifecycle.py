"""Sales lifecycle: reasons in status histories, the quote approval path, billing's facts.

Revision ID: 0004_lifecycle
Revises: 0003_rules
Create Date: 2026-12-03

- ``opportunity_stage_history.reason`` and ``lead_status_history.reason``: a closed deal or
  a lost/junk lead leaves its final status only by an explicit reopen with a reason.
- ``quotes.approval_path`` (JSON list: who asked, who approved, the limits applied) and
  ``quotes.awaiting_approval_by`` (JSON list of role ids that may approve a quote waiting
  in ``Pending Approval``).
- ``billed_invoices``: what billing's ``billing.invoice.issued/paid`` and
  ``billing.payment.received`` events told sales about the invoices of its quotes and
  orders, and ``sales_orders.invoice_paid``: an order whose invoice has money on it cannot
  be cancelled.
- Closed deals get the probability of their outcome (100 won, 0 lost), and prospects whose
  status went back to a pre-qualification one are Qualified again, where an older version
  let the contradiction stand.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_lifecycle"
down_revision = "0003_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("opportunity_stage_history", "lead_status_history"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("reason", sa.String(length=500), nullable=True))
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("approval_path", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("awaiting_approval_by", sa.JSON(), nullable=True))
    op.create_table(
        "billed_invoices",
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("quote_id", sa.Uuid(), nullable=True),
        sa.Column("sales_order_id", sa.Uuid(), nullable=True),
        sa.Column("money_received", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("invoice_id", name="pk_billed_invoices"),
    )
    with op.batch_alter_table("sales_orders") as batch:
        batch.add_column(
            sa.Column("invoice_paid", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_index("ix_billed_invoices_quote_id", "billed_invoices", ["quote_id"])
    op.create_index("ix_billed_invoices_sales_order_id", "billed_invoices", ["sales_order_id"])
    opportunities = sa.table(
        "opportunities", sa.column("sales_stage", sa.String), sa.column("probability", sa.Integer)
    )
    for stage, probability in (("Closed Won", 100), ("Closed Lost", 0)):
        op.execute(
            sa.update(opportunities)
            .where(opportunities.c.sales_stage == stage, opportunities.c.probability != probability)
            .values(probability=probability)
        )

    leads = sa.table(
        "leads", sa.column("is_prospect", sa.Boolean), sa.column("lead_status", sa.String)
    )
    prospect_statuses = ("Qualified", "Hot", "Warm", "Cold", "Lost Lead", "Junk Lead")
    op.execute(
        sa.update(leads)
        .where(leads.c.is_prospect.is_(True), leads.c.lead_status.not_in(prospect_statuses))
        .values(lead_status="Qualified")
    )
    op.execute(
        sa.update(leads)
        .where(leads.c.is_prospect.is_(False), leads.c.lead_status == "Qualified")
        .values(is_prospect=True)
    )


def downgrade() -> None:
    op.drop_index("ix_billed_invoices_sales_order_id", table_name="billed_invoices")
    op.drop_index("ix_billed_invoices_quote_id", table_name="billed_invoices")
    op.drop_table("billed_invoices")
    with op.batch_alter_table("sales_orders") as batch:
        batch.drop_column("invoice_paid")
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("awaiting_approval_by")
        batch.drop_column("approval_path")
    for table in ("lead_status_history", "opportunity_stage_history"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("reason")
