import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from crm_contacts.adapters.tables import metadata

POSTGRES_ONLY = {"ix_accounts_search_trgm", "ix_contacts_search_trgm"}


def test_the_migration_builds_exactly_the_declared_tables(db_url):
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    if engine.dialect.name != "postgresql":
        diff = [d for d in diff if not (d[0] == "add_index" and d[1].name in POSTGRES_ONLY)]
    assert diff == []
