"""The two tables every sales document has the same shape of: the document and its lines.

Quotes and sales orders share the customer, address, total and owner columns; each document
has its priced lines in a table of its own (quote_lines, order_lines).
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_chassis.db.columns import stamp_columns, trigram_index

# Amounts are decimal strings (never floats); reports sum them in Decimal.
MONEY = sa.String(40)


def document_table(metadata: sa.MetaData, name: str, extra: list[sa.Column]) -> sa.Table:
    """A quote or an order: customer, addresses, totals, owner; ``extra`` its own columns."""
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("account_id", sa.Uuid, nullable=False),
        sa.Column("contact_id", sa.Uuid),
        sa.Column("opportunity_id", sa.Uuid),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("billing_address", sa.JSON),
        sa.Column("shipping_address", sa.JSON),
        *(
            sa.Column(n, MONEY, nullable=False)
            for n in (
                "subtotal",
                "discount_total",
                "tax_total",
                "shipping",
                "adjustment",
                "grand_total",
            )
        ),
        sa.Column("payment_terms", sa.String(50)),
        sa.Column("owner_id", sa.Uuid),
        sa.Column("search_text", sa.Text, nullable=False),
        *extra,
        *stamp_columns(),
        sa.Index(f"ix_{name}_created_at_id", "created_at", "id"),
        sa.Index(f"ix_{name}_updated_at_id", "updated_at", "id"),
        sa.Index(f"ix_{name}_number_id", "number", "id"),
        sa.Index(f"ix_{name}_account_id", "account_id"),
        sa.Index(f"ix_{name}_owner_id", "owner_id"),
        trigram_index(name),
    )


def lines_table(metadata: sa.MetaData, name: str, parent: str) -> sa.Table:
    """The priced lines of the documents in ``parent`` (in position order)."""
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column(
            "document_id",
            sa.Uuid,
            sa.ForeignKey(f"{parent}.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("product_id", sa.Uuid, nullable=False),
        sa.Column("product_code", sa.String(100), nullable=False),
        sa.Column("product_name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("usage_unit", sa.String(30)),
        sa.Column("tax_class", sa.String(20)),
        *(
            sa.Column(n, MONEY, nullable=False)
            for n in (
                "quantity",
                "unit_price",
                "discount_percent",
                "discount_amount",
                "tax_percent",
                "gross_total",
                "net_total",
                "tax_amount",
                "total",
            )
        ),
        sa.Index(f"ix_{name}_document_id", "document_id", "position"),
        sa.Index(f"ix_{name}_product_id", "product_id"),
    )
