"""The migration builds exactly the declared tables; searches use their indexes."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from crm_sales.adapters.tables import metadata
from crm_sales.service.queries import like_pattern

SEARCHED = ("leads", "opportunities", "products", "quotes", "sales_orders")
POSTGRES_ONLY = {f"ix_{t}_search_trgm" for t in SEARCHED}


def test_the_migration_builds_exactly_the_declared_tables(db_url: str) -> None:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    if engine.dialect.name != "postgresql":
        diff = [d for d in diff if not (d[0] == "add_index" and d[1].name in POSTGRES_ONLY)]
    assert diff == []


@pytest.mark.parametrize("table", SEARCHED)
def test_search_uses_the_trigram_index_on_postgresql(service: Any, table: str) -> None:
    if service.db.dialect != "postgresql":
        pytest.skip("SQLite scans; the index exists on PostgreSQL only")
    with service.db.reading() as session:
        session.execute(sa.text("SET LOCAL enable_seqscan = off"))
        plan = (
            session.execute(
                sa.text(f"EXPLAIN SELECT id FROM {table} WHERE search_text LIKE :p ESCAPE '\\'"),
                {"p": like_pattern("acme")},
            )
            .scalars()
            .all()
        )
    assert any(f"ix_{table}_search_trgm" in line for line in plan), plan
