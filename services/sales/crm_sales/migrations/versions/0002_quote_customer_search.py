"""Quotes remember their customer's name, and ``q=`` matches it and the lines' products.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

``account_name`` is filled at creation (sales asks contacts) and kept current from
contacts.account.updated/merged events; quotes created before this revision get it with
their account's next event. Their ``search_text`` is rebuilt here with the products of
their lines, in batches of 1,000 (the trigram index on it stays as it is).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.fields import search_text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("account_name", sa.String(length=255), nullable=True))
    bind = op.get_bind()
    quotes = sa.table(
        "quotes",
        sa.column("id", sa.Uuid),
        sa.column("number", sa.String),
        sa.column("subject", sa.String),
        sa.column("search_text", sa.Text),
    )
    lines = sa.table(
        "quote_lines",
        sa.column("document_id", sa.Uuid),
        sa.column("position", sa.Integer),
        sa.column("product_code", sa.String),
        sa.column("product_name", sa.String),
    )
    after = None
    while True:
        stmt = sa.select(quotes.c.id, quotes.c.number, quotes.c.subject).order_by(quotes.c.id)
        if after is not None:
            stmt = stmt.where(quotes.c.id > after)
        found = bind.execute(stmt.limit(BATCH)).all()
        if not found:
            return
        products: dict[object, dict[str, None]] = {r.id: {} for r in found}
        for ln in bind.execute(
            sa.select(lines)
            .where(lines.c.document_id.in_(list(products)))
            .order_by(lines.c.document_id, lines.c.position)
        ):
            products[ln.document_id].update(dict.fromkeys((ln.product_code, ln.product_name)))
        bind.execute(
            sa.update(quotes).where(quotes.c.id == sa.bindparam("qid")),
            [
                {
                    "qid": r.id,
                    "search_text": search_text(r.number, r.subject, *products[r.id], separator=" "),
                }
                for r in found
            ],
        )
        after = found[-1].id


def downgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("account_name")
