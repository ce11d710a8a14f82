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


@pytest.mark.parametrize(
    ("table", "where", "index"),
    [
        ("accounts", "customer_code = 'ACC-000001'", "uq_accounts_customer_code"),
        ("accounts", "area_key = 'yorkshire'", "ix_accounts_area_key"),
        ("accounts", "phone_key = '134960000'", "ix_accounts_phone_key"),
        ("accounts", "email_lc = 'a@b.example'", "ix_accounts_email_lc"),
        ("accounts", "web_domain = 'b.example'", "ix_accounts_web_domain"),
        ("accounts", "dedupe_name = 'acme'", "ix_accounts_dedupe_name"),
        ("contacts", "phone_key = '134960000'", "ix_contacts_phone_key"),
        ("contacts", "email_lc = 'a@b.example'", "ix_contacts_email_lc"),
        ("contacts", "dedupe_name = 'ada lovelace'", "ix_contacts_dedupe_name"),
    ],
)
def test_receptionist_lookups_use_their_btree_index_on_postgresql(service, table, where, index):
    if service.db.dialect != "postgresql":
        pytest.skip("the plan is checked on PostgreSQL")
    with service.db.reading() as session:
        session.execute(sa.text("SET LOCAL enable_seqscan = off"))
        plan = session.execute(sa.text(f"EXPLAIN SELECT id FROM {table} WHERE {where}"))
        lines = plan.scalars().all()
    assert any(index in line for line in lines), lines


def test_the_tag_filter_uses_the_tag_index_on_postgresql(service):
    if service.db.dialect != "postgresql":
        pytest.skip("the plan is checked on PostgreSQL")
    with service.db.reading() as session:
        session.execute(sa.text("SET LOCAL enable_seqscan = off"))
        lines = (
            session.execute(
                sa.text("EXPLAIN SELECT account_id FROM account_tags WHERE tag = 'vip'")
            )
            .scalars()
            .all()
        )
    assert any("account_tags" in line and "Index" in line for line in lines), lines
