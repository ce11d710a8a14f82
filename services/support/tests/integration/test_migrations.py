"""Migrations on a fresh database: SQLite, or PostgreSQL with CRM_TEST_DATABASE_URL_BASE."""

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from crm_chassis.db.migrate import alembic_config, upgrade
from crm_support.adapters.tables import metadata
from crm_support.entrypoints.migrate import MIGRATIONS

CHASSIS_TABLES = {"outbox", "inbox", "idempotency_keys", "access_policy"}
# Full-text search the metadata cannot declare for both dialects (migration 0005): the
# PostgreSQL expression index and SQLite's FTS5 table with its shadow tables.
DIALECT_ONLY_INDEXES = {"ix_kb_articles_fts"}
DIALECT_ONLY_TABLE_PREFIX = "kb_articles_fts"


def _declared_elsewhere(item: tuple) -> bool:
    kind, obj = item[0], item[1]
    if kind == "remove_index":
        return obj.name in DIALECT_ONLY_INDEXES
    if kind == "remove_table":
        return obj.name.startswith(DIALECT_ONLY_TABLE_PREFIX)
    return False


#: Trigram search indexes exist on PostgreSQL only (SQLite's LIKE scans).
POSTGRES_ONLY = {"ix_tickets_search_trgm"}


def _schema(url: str) -> tuple[list, set[str]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
            diff = [d for d in diff if not _declared_elsewhere(d)]
            tables = set(sa.inspect(conn).get_table_names())
            tables = {t for t in tables if not t.startswith(DIALECT_ONLY_TABLE_PREFIX)}
    finally:
        engine.dispose()
    if engine.dialect.name != "postgresql":
        diff = [d for d in diff if not (d[0] == "add_index" and d[1].name in POSTGRES_ONLY)]
    return diff, tables


def test_migrating_a_fresh_database_builds_exactly_the_declared_tables(database_url):
    url = database_url("support")
    upgrade(MIGRATIONS, url)
    diff, tables = _schema(url)
    assert diff == []
    assert CHASSIS_TABLES <= tables


def test_the_migrations_go_down_to_nothing_and_up_again(database_url):
    url = database_url("support")
    upgrade(MIGRATIONS, url)
    command.downgrade(alembic_config(MIGRATIONS, url), "base")
    assert not CHASSIS_TABLES & _schema(url)[1]
    upgrade(MIGRATIONS, url)
    assert _schema(url)[0] == []
