"""Invoices, payments and allocations, credit notes, dunning reminders, vendors, purchase
orders, number series; outbox/inbox, the access-policy copy and idempotency keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-24 04:04:22.881617
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_access import create_policy_table_v1
from crm_chassis.db.types import UTCDateTime
from crm_chassis.events.schema import create_event_tables_v1, drop_event_tables_v1
from crm_chassis.http.schema import create_http_tables_v1, drop_http_tables_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "invoices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("quote_id", sa.Uuid(), nullable=True),
        sa.Column("sales_order_id", sa.Uuid(), nullable=True),
        sa.Column("subject", sa.String(length=255), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("invoice_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("payment_terms", sa.String(length=50), nullable=False),
        sa.Column("billing_address", sa.JSON(), nullable=True),
        sa.Column("shipping_address", sa.JSON(), nullable=True),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("discount_percent", sa.String(length=40), nullable=False),
        sa.Column("discount_amount", sa.String(length=40), nullable=False),
        sa.Column("shipping", sa.String(length=40), nullable=False),
        sa.Column("adjustment", sa.String(length=40), nullable=False),
        sa.Column("subtotal", sa.String(length=40), nullable=False),
        sa.Column("discount_total", sa.String(length=40), nullable=False),
        sa.Column("tax_total", sa.String(length=40), nullable=False),
        sa.Column("total", sa.String(length=40), nullable=False),
        sa.Column("amount_paid", sa.String(length=40), nullable=False),
        sa.Column("amount_credited", sa.String(length=40), nullable=False),
        sa.Column("balance", sa.String(length=40), nullable=False),
        sa.Column("terms_conditions", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("issued_at", UTCDateTime(), nullable=True),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("overdue_since", sa.Date(), nullable=True),
        sa.Column("dunning_level", sa.Integer(), nullable=False),
        sa.Column("last_reminder_on", sa.Date(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("number", name=op.f("uq_invoices_number")),
        sa.UniqueConstraint("quote_id", name=op.f("uq_invoices_quote_id")),
        sa.UniqueConstraint("sales_order_id", name=op.f("uq_invoices_sales_order_id")),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index("ix_invoices_account_id", ["account_id"], unique=False)
        batch_op.create_index("ix_invoices_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_invoices_due_date_id", ["due_date", "id"], unique=False)
        batch_op.create_index("ix_invoices_invoice_date_id", ["invoice_date", "id"], unique=False)
        batch_op.create_index("ix_invoices_owner_id", ["owner_id"], unique=False)
        batch_op.create_index("ix_invoices_status_due_date", ["status", "due_date"], unique=False)
        batch_op.create_index("ix_invoices_updated_at_id", ["updated_at", "id"], unique=False)

    op.create_table(
        "number_series",
        sa.Column("series", sa.String(length=20), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("series", name=op.f("pk_number_series")),
    )

    op.create_table(
        "payments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("client_reference", sa.String(length=200), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("unallocated", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("client_reference", name=op.f("uq_payments_client_reference")),
        sa.UniqueConstraint("number", name=op.f("uq_payments_number")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index("ix_payments_account_id", ["account_id"], unique=False)
        batch_op.create_index("ix_payments_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_payments_owner_id", ["owner_id"], unique=False)
        batch_op.create_index("ix_payments_received_on_id", ["received_on", "id"], unique=False)
        batch_op.create_index("ix_payments_updated_at_id", ["updated_at", "id"], unique=False)

    op.create_table(
        "vendors",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("name_key", sa.String(length=255), nullable=False),
        sa.Column("contact_name", sa.String(length=255), nullable=True),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("phone", sa.String(length=255), nullable=True),
        sa.Column("website", sa.String(length=255), nullable=True),
        sa.Column("address", sa.JSON(), nullable=True),
        sa.Column("payment_terms", sa.String(length=50), nullable=True),
        sa.Column("gl_account", sa.String(length=255), nullable=True),
        sa.Column("category", sa.String(length=255), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendors")),
    )
    with op.batch_alter_table("vendors", schema=None) as batch_op:
        batch_op.create_index("ix_vendors_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_vendors_name_key_id", ["name_key", "id"], unique=False)
        batch_op.create_index("ix_vendors_updated_at_id", ["updated_at", "id"], unique=False)

    op.create_table(
        "credit_notes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("applied", sa.String(length=40), nullable=False),
        sa.Column("to_credit", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_credit_notes_invoice_id_invoices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_notes")),
        sa.UniqueConstraint("number", name=op.f("uq_credit_notes_number")),
    )
    with op.batch_alter_table("credit_notes", schema=None) as batch_op:
        batch_op.create_index("ix_credit_notes_account_id", ["account_id"], unique=False)
        batch_op.create_index("ix_credit_notes_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_credit_notes_invoice_id", ["invoice_id"], unique=False)
        batch_op.create_index("ix_credit_notes_issued_on", ["issued_on"], unique=False)
        batch_op.create_index("ix_credit_notes_owner_id", ["owner_id"], unique=False)
        batch_op.create_index("ix_credit_notes_updated_at_id", ["updated_at", "id"], unique=False)

    op.create_table(
        "dunning_reminders",
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reminded_on", sa.Date(), nullable=False),
        sa.Column("days_overdue", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_dunning_reminders_invoice_id_invoices")
        ),
        sa.PrimaryKeyConstraint("invoice_id", "level", name=op.f("pk_dunning_reminders")),
    )
    op.create_table(
        "payment_allocations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.String(length=40), nullable=False),
        sa.Column("allocated_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_payment_allocations_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_payment_allocations_payment_id_payments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_allocations")),
    )
    with op.batch_alter_table("payment_allocations", schema=None) as batch_op:
        batch_op.create_index("ix_payment_allocations_allocated_on", ["allocated_on"], unique=False)
        batch_op.create_index("ix_payment_allocations_invoice_id", ["invoice_id"], unique=False)
        batch_op.create_index("ix_payment_allocations_payment_id", ["payment_id"], unique=False)

    op.create_table(
        "purchase_orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("order_date", sa.Date(), nullable=False),
        sa.Column("expected_on", sa.Date(), nullable=True),
        sa.Column("subject", sa.String(length=255), nullable=True),
        sa.Column("tracking_number", sa.String(length=100), nullable=True),
        sa.Column("carrier", sa.String(length=100), nullable=True),
        sa.Column("shipping_address", sa.JSON(), nullable=True),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("discount_percent", sa.String(length=40), nullable=False),
        sa.Column("discount_amount", sa.String(length=40), nullable=False),
        sa.Column("shipping", sa.String(length=40), nullable=False),
        sa.Column("adjustment", sa.String(length=40), nullable=False),
        sa.Column("subtotal", sa.String(length=40), nullable=False),
        sa.Column("discount_total", sa.String(length=40), nullable=False),
        sa.Column("tax_total", sa.String(length=40), nullable=False),
        sa.Column("total", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendors.id"], name=op.f("fk_purchase_orders_vendor_id_vendors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_purchase_orders_number")),
    )
    with op.batch_alter_table("purchase_orders", schema=None) as batch_op:
        batch_op.create_index(
            "ix_purchase_orders_created_at_id", ["created_at", "id"], unique=False
        )
        batch_op.create_index("ix_purchase_orders_owner_id", ["owner_id"], unique=False)
        batch_op.create_index("ix_purchase_orders_status", ["status"], unique=False)
        batch_op.create_index(
            "ix_purchase_orders_updated_at_id", ["updated_at", "id"], unique=False
        )
        batch_op.create_index("ix_purchase_orders_vendor_id", ["vendor_id"], unique=False)

    create_event_tables_v1(op)
    create_http_tables_v1(op)
    create_policy_table_v1(op)


def downgrade() -> None:
    op.drop_table("access_policy")
    drop_http_tables_v1(op)
    drop_event_tables_v1(op)
    with op.batch_alter_table("purchase_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_purchase_orders_vendor_id")
        batch_op.drop_index("ix_purchase_orders_updated_at_id")
        batch_op.drop_index("ix_purchase_orders_status")
        batch_op.drop_index("ix_purchase_orders_owner_id")
        batch_op.drop_index("ix_purchase_orders_created_at_id")

    op.drop_table("purchase_orders")
    with op.batch_alter_table("payment_allocations", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_allocations_payment_id")
        batch_op.drop_index("ix_payment_allocations_invoice_id")
        batch_op.drop_index("ix_payment_allocations_allocated_on")

    op.drop_table("payment_allocations")
    op.drop_table("dunning_reminders")
    with op.batch_alter_table("credit_notes", schema=None) as batch_op:
        batch_op.drop_index("ix_credit_notes_updated_at_id")
        batch_op.drop_index("ix_credit_notes_owner_id")
        batch_op.drop_index("ix_credit_notes_issued_on")
        batch_op.drop_index("ix_credit_notes_invoice_id")
        batch_op.drop_index("ix_credit_notes_created_at_id")
        batch_op.drop_index("ix_credit_notes_account_id")

    op.drop_table("credit_notes")
    with op.batch_alter_table("vendors", schema=None) as batch_op:
        batch_op.drop_index("ix_vendors_updated_at_id")
        batch_op.drop_index("ix_vendors_name_key_id")
        batch_op.drop_index("ix_vendors_created_at_id")

    op.drop_table("vendors")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index("ix_payments_updated_at_id")
        batch_op.drop_index("ix_payments_received_on_id")
        batch_op.drop_index("ix_payments_owner_id")
        batch_op.drop_index("ix_payments_created_at_id")
        batch_op.drop_index("ix_payments_account_id")

    op.drop_table("payments")

    op.drop_table("number_series")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_invoices_updated_at_id")
        batch_op.drop_index("ix_invoices_status_due_date")
        batch_op.drop_index("ix_invoices_owner_id")
        batch_op.drop_index("ix_invoices_invoice_date_id")
        batch_op.drop_index("ix_invoices_due_date_id")
        batch_op.drop_index("ix_invoices_created_at_id")
        batch_op.drop_index("ix_invoices_account_id")

    op.drop_table("invoices")
