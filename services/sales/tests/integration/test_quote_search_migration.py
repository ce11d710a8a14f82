"""Revision 0002 rebuilds existing quotes' search text with their lines' products."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from crm_chassis.db import utcnow
from crm_chassis.db.migrate import upgrade
from crm_chassis.testing.databases import postgres_base
from crm_sales.adapters import tables as t
from crm_sales.config import MIGRATIONS_DIR


@pytest.fixture
def v1_url(database_url: Any, tmp_path: Path) -> str:
    if postgres_base() is None:
        return f"sqlite:///{tmp_path / 'sales-v1.db'}"
    return database_url("sales_v1")


LINE_AMOUNTS = (
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


def _insert_old_quote(conn: sa.Connection) -> None:
    """A quote with one line as revision 0001 stored it (no customer name, old search text)."""
    quote_id = uuid.uuid4()
    money = {"subtotal": "1", "discount_total": "0", "tax_total": "0", "shipping": "0"}
    money |= {"adjustment": "0", "grand_total": "1"}
    # The declared tables, minus the new column (an insert names only its values).
    quotes, lines = t.quotes, t.quote_lines
    now = utcnow()
    conn.execute(
        sa.insert(quotes).values(
            id=quote_id,
            number="QUO-2026-000001",
            account_id=uuid.uuid4(),
            currency="EUR",
            search_text="quo-2026-000001 old subject",
            subject="Old subject",
            quote_version=1,
            stage="Created",
            approval_status="Draft",
            superseded=False,
            version=1,
            created_at=now,
            updated_at=now,
            **money,
        )
    )
    conn.execute(
        sa.insert(lines).values(
            id=uuid.uuid4(),
            document_id=quote_id,
            position=1,
            product_id=uuid.uuid4(),
            product_code="FLUX-1",
            product_name="Flux Capacitor",
            **{k: "1" for k in LINE_AMOUNTS},
        )
    )


def test_upgrading_makes_old_quotes_findable_by_product(v1_url: str) -> None:
    upgrade(MIGRATIONS_DIR, v1_url, "0001")
    engine = sa.create_engine(v1_url)
    try:
        with engine.begin() as conn:
            _insert_old_quote(conn)
        upgrade(MIGRATIONS_DIR, v1_url)
        with engine.connect() as conn:
            row = conn.execute(
                sa.text("SELECT search_text, account_name FROM quotes WHERE number = :n"),
                {"n": "QUO-2026-000001"},
            ).one()
    finally:
        engine.dispose()
    assert "flux capacitor" in row.search_text and "flux-1" in row.search_text
    assert "old subject" in row.search_text and row.account_name is None
