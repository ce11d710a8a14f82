"""Migrations on a fresh database: SQLite, or PostgreSQL with CRM_TEST_DATABASE_URL_BASE."""

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from crm_chassis.db.migrate import alembic_config, upgrade
from crm_marketing.adapters.tables import metadata
from crm_marketing.entrypoints.migrate import MIGRATIONS

CHASSIS_TABLES = {"outbox", "inbox", "idempotency_keys", "access_policy"}
#: Trigram search indexes exist on PostgreSQL only (SQLite's LIKE scans); the migrations
#: make them, the metadata cannot declare them for both dialects.
POSTGRES_ONLY = {"ix_campaigns_search_trgm"}


def _declared_elsewhere(item: tuple) -> bool:
    return item[0] == "remove_index" and item[1].name in POSTGRES_ONLY


def _schema(url: str) -> tuple[list, set[str]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
            diff = [d for d in diff if not _declared_elsewhere(d)]
            tables = set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()
    return diff, tables


def test_migrating_a_fresh_database_builds_exactly_the_declared_tables(database_url):
    url = database_url("marketing")
    upgrade(MIGRATIONS, url)
    diff, tables = _schema(url)
    assert diff == []
    assert CHASSIS_TABLES <= tables


def test_the_migrations_go_down_to_nothing_and_up_again(database_url):
    url = database_url("marketing")
    upgrade(MIGRATIONS, url)
    command.downgrade(alembic_config(MIGRATIONS, url), "base")
    assert not CHASSIS_TABLES & _schema(url)[1]
    upgrade(MIGRATIONS, url)
    assert _schema(url)[0] == []


def test_0006_gives_existing_lists_segments_and_templates_their_creator_as_owner(database_url):
    import uuid
    from datetime import UTC, datetime

    url = database_url("marketing")
    config = alembic_config(MIGRATIONS, url)
    command.upgrade(config, "0005")
    user, now = uuid.uuid4(), datetime.now(UTC)
    engine = sa.create_engine(url)
    stamps = {"created_at": now, "updated_at": now, "version": 1}
    rows = {
        "mailing_lists": {"name": "L"},
        "segments": {"name": "S", "record_types": "both", "filter": "{}"},
        "mail_templates": {"name": "T", "subject": "s", "html": "<p>h</p>"},
    }
    ids: dict[str, dict[str, uuid.UUID]] = {}
    try:
        with engine.begin() as conn:
            for table, values in rows.items():
                names = ("created_by", *stamps, *values)
                t = sa.table(table, sa.column("id", sa.Uuid), *(sa.column(c) for c in names))
                ids[table] = {"user": uuid.uuid4(), "service": uuid.uuid4()}
                for who, by in (("user", str(user)), ("service", "svc-marketing")):
                    conn.execute(
                        sa.insert(t).values(
                            id=ids[table][who],
                            created_by=by,
                            **stamps,
                            **values,
                        )
                    )
        upgrade(MIGRATIONS, url)
        with engine.connect() as conn:
            for table in rows:
                t = sa.table(table, sa.column("id", sa.Uuid), sa.column("owner_id", sa.Uuid))
                owners = {r.id: r.owner_id for r in conn.execute(sa.select(t.c.id, t.c.owner_id))}
                assert owners[ids[table]["user"]] == user
                # Not a user id: no owner, so administrators only (docs/domain.md).
                assert owners[ids[table]["service"]] is None
    finally:
        engine.dispose()
