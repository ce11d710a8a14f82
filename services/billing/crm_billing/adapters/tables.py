"""The service's tables (SQLAlchemy Core), with the chassis's outbox/inbox, policy and HTTP tables.

Amounts are decimal strings (exact on SQLite and PostgreSQL alike; SQLite has no decimal
type). Sums for reports are done in Python over the rows a report needs (open invoices,
the period's allocations), which the indexes below select. Lines and addresses are JSON:
they are read and written with their document, never queried on their own.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_access import add_policy_table
from crm_chassis.db.columns import stamp_columns
from crm_chassis.db.types import UTCDateTime
from crm_chassis.events.schema import add_event_tables
from crm_chassis.http.schema import add_http_tables

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _money(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(40), nullable=nullable)


number_series = sa.Table(
    "number_series",
    metadata,
    sa.Column("series", sa.String(20), primary_key=True),
    sa.Column("last_number", sa.Integer, nullable=False),
)

invoices = sa.Table(
    "invoices",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("number", sa.String(30), nullable=False, unique=True),
    sa.Column("owner_id", sa.Uuid, nullable=False),
    sa.Column("account_id", sa.Uuid, nullable=False),
    sa.Column("contact_id", sa.Uuid),
    # One invoice per quote (and per sales order), whatever the event redelivery.
    sa.Column("quote_id", sa.Uuid, unique=True),
    sa.Column("sales_order_id", sa.Uuid, unique=True),
    sa.Column("subject", sa.String(255)),
    sa.Column("status", sa.String(30), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("invoice_date", sa.Date, nullable=False),
    sa.Column("due_date", sa.Date, nullable=False),
    sa.Column("payment_terms", sa.String(50), nullable=False),
    sa.Column("billing_address", sa.JSON),
    sa.Column("shipping_address", sa.JSON),
    sa.Column("lines", sa.JSON, nullable=False),
    _money("discount_percent"),
    _money("discount_amount"),
    _money("shipping"),
    _money("adjustment"),
    _money("subtotal"),
    _money("discount_total"),
    _money("tax_total"),
    _money("total"),
    _money("amount_paid"),
    _money("amount_credited"),
    _money("balance"),
    sa.Column("terms_conditions", sa.Text),
    sa.Column("description", sa.Text),
    sa.Column("issued_at", UTCDateTime),
    sa.Column("settled_on", sa.Date),
    sa.Column("overdue_since", sa.Date),
    sa.Column("dunning_level", sa.Integer, nullable=False),
    sa.Column("last_reminder_on", sa.Date),
    sa.Column("account_name", sa.String(255)),
    sa.Column("quote_number", sa.String(30)),
    sa.Column("quote_version", sa.Integer),
    sa.Column("status_reason", sa.Text),
    sa.Column("superseded_by_quote_id", sa.Uuid),
    sa.Column("search_text", sa.Text, nullable=False),
    *stamp_columns(),
    sa.Index("ix_invoices_quote_number", "quote_number"),
    sa.Index("ix_invoices_updated_at_id", "updated_at", "id"),
    sa.Index("ix_invoices_created_at_id", "created_at", "id"),
    sa.Index("ix_invoices_due_date_id", "due_date", "id"),
    sa.Index("ix_invoices_invoice_date_id", "invoice_date", "id"),
    sa.Index("ix_invoices_account_id", "account_id"),
    sa.Index("ix_invoices_owner_id", "owner_id"),
    sa.Index("ix_invoices_status_due_date", "status", "due_date"),
)

payments = sa.Table(
    "payments",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("number", sa.String(30), nullable=False, unique=True),
    sa.Column("owner_id", sa.Uuid, nullable=False),
    sa.Column("account_id", sa.Uuid, nullable=False),
    _money("amount"),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("method", sa.String(30), nullable=False),
    sa.Column("reference", sa.String(200)),
    # The finance system's own id of the payment: a repeat with it is harmless.
    sa.Column("client_reference", sa.String(200), unique=True),
    sa.Column("received_on", sa.Date, nullable=False),
    _money("unallocated"),
    sa.Column("notes", sa.Text),
    sa.Column("search_text", sa.Text, nullable=False),
    *stamp_columns(),
    sa.Index("ix_payments_updated_at_id", "updated_at", "id"),
    sa.Index("ix_payments_created_at_id", "created_at", "id"),
    sa.Index("ix_payments_received_on_id", "received_on", "id"),
    sa.Index("ix_payments_account_id", "account_id"),
    sa.Index("ix_payments_owner_id", "owner_id"),
)

payment_allocations = sa.Table(
    "payment_allocations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("payment_id", sa.Uuid, sa.ForeignKey("payments.id"), nullable=False),
    sa.Column("invoice_id", sa.Uuid, sa.ForeignKey("invoices.id"), nullable=False),
    _money("amount"),
    sa.Column("allocated_on", sa.Date, nullable=False),
    sa.Index("ix_payment_allocations_payment_id", "payment_id"),
    sa.Index("ix_payment_allocations_invoice_id", "invoice_id"),
    sa.Index("ix_payment_allocations_allocated_on", "allocated_on"),
)

credit_notes = sa.Table(
    "credit_notes",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("number", sa.String(30), nullable=False, unique=True),
    sa.Column("invoice_id", sa.Uuid, sa.ForeignKey("invoices.id"), nullable=False),
    sa.Column("account_id", sa.Uuid, nullable=False),
    sa.Column("owner_id", sa.Uuid, nullable=False),
    _money("amount"),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("issued_on", sa.Date, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    _money("applied"),
    _money("to_credit"),
    sa.Column("status", sa.String(30), nullable=False),
    *stamp_columns(),
    sa.Index("ix_credit_notes_updated_at_id", "updated_at", "id"),
    sa.Index("ix_credit_notes_created_at_id", "created_at", "id"),
    sa.Index("ix_credit_notes_invoice_id", "invoice_id"),
    sa.Index("ix_credit_notes_account_id", "account_id"),
    sa.Index("ix_credit_notes_owner_id", "owner_id"),
    sa.Index("ix_credit_notes_issued_on", "issued_on"),
)

dunning_reminders = sa.Table(
    "dunning_reminders",
    metadata,
    # The primary key is the "once per invoice and level" guarantee.
    sa.Column("invoice_id", sa.Uuid, sa.ForeignKey("invoices.id"), primary_key=True),
    sa.Column("level", sa.Integer, primary_key=True),
    sa.Column("reminded_on", sa.Date, nullable=False),
    sa.Column("days_overdue", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

vendors = sa.Table(
    "vendors",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("name_key", sa.String(255), nullable=False),
    sa.Column("contact_name", sa.String(255)),
    sa.Column("email", sa.String(255)),
    sa.Column("phone", sa.String(255)),
    sa.Column("website", sa.String(255)),
    sa.Column("address", sa.JSON),
    sa.Column("payment_terms", sa.String(50)),
    sa.Column("gl_account", sa.String(255)),
    sa.Column("category", sa.String(255)),
    sa.Column("description", sa.Text),
    sa.Column("search_text", sa.Text, nullable=False),
    *stamp_columns(),
    sa.Index("ix_vendors_name_key_id", "name_key", "id"),
    sa.Index("ix_vendors_updated_at_id", "updated_at", "id"),
    sa.Index("ix_vendors_created_at_id", "created_at", "id"),
)

purchase_orders = sa.Table(
    "purchase_orders",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("number", sa.String(30), nullable=False, unique=True),
    sa.Column("vendor_id", sa.Uuid, sa.ForeignKey("vendors.id"), nullable=False),
    sa.Column("owner_id", sa.Uuid, nullable=False),
    sa.Column("status", sa.String(30), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("order_date", sa.Date, nullable=False),
    sa.Column("expected_on", sa.Date),
    sa.Column("subject", sa.String(255)),
    sa.Column("tracking_number", sa.String(100)),
    sa.Column("carrier", sa.String(100)),
    sa.Column("shipping_address", sa.JSON),
    sa.Column("lines", sa.JSON, nullable=False),
    _money("discount_percent"),
    _money("discount_amount"),
    _money("shipping"),
    _money("adjustment"),
    _money("subtotal"),
    _money("discount_total"),
    _money("tax_total"),
    _money("total"),
    sa.Column("description", sa.Text),
    sa.Column("search_text", sa.Text, nullable=False),
    *stamp_columns(),
    sa.Index("ix_purchase_orders_updated_at_id", "updated_at", "id"),
    sa.Index("ix_purchase_orders_created_at_id", "created_at", "id"),
    sa.Index("ix_purchase_orders_vendor_id", "vendor_id"),
    sa.Index("ix_purchase_orders_owner_id", "owner_id"),
    sa.Index("ix_purchase_orders_status", "status"),
)

event_tables = add_event_tables(metadata)
# identity's access policy, the local copy every process decides with.
access_policy = add_policy_table(metadata)
idempotency_keys = add_http_tables(metadata)
