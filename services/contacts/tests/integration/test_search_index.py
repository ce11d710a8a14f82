"""On PostgreSQL, ``q=`` must be served by the pg_trgm index, not a sequential scan."""

import pytest
import sqlalchemy as sa

from crm_contacts.service.queries import like_pattern


@pytest.mark.parametrize("table", ["accounts", "contacts"])
def test_search_uses_the_trigram_index_on_postgresql(service, table):
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
