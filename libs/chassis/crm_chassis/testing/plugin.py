"""pytest plugin (entry point ``crm_chassis``): fixtures for real databases, brokers and tokens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crm_chassis.testing.databases import drop_database, new_database_url, postgres_base
from crm_chassis.testing.service import PostgresTemplates, SqliteTemplates
from crm_chassis.testing.tokens import TokenFactory


@pytest.fixture(scope="session")
def token_factory() -> Iterator[TokenFactory]:
    """A throwaway signing key with its JWKS served locally."""
    factory = TokenFactory()
    yield factory
    factory.close()


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Make fresh databases (SQLite, or PostgreSQL if CRM_TEST_DATABASE_URL_BASE); dropped after."""
    made: list[str] = []

    def make(name: str) -> str:
        url = new_database_url(name, tmp_path)
        made.append(url)
        return url

    yield make
    for url in made:
        drop_database(url)


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplates:
    """Migrated SQLite files, one per migrations folder, made once per session."""
    return SqliteTemplates(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_templates() -> Iterator[PostgresTemplates]:
    """Migrated PostgreSQL template databases, one per migrations folder, per session."""
    templates = PostgresTemplates()
    yield templates
    templates.drop_all()


@pytest.fixture
def migrated_database_url(
    sqlite_templates: SqliteTemplates,
    postgres_templates: PostgresTemplates,
    tmp_path: Path,
) -> Iterator[Callable[[str, Path], str]]:
    """Make a fresh database at the newest migration of ``migrations_dir``: a copy of the
    session's migrated template (a SQLite file, or a PostgreSQL template database)."""
    made: list[str] = []

    def make(name: str, migrations_dir: Path) -> str:
        if postgres_base() is None:
            return sqlite_templates.copy(name, migrations_dir, tmp_path / f"{name}.db")
        url = postgres_templates.copy(name, migrations_dir)
        made.append(url)
        return url

    yield make
    for url in made:
        drop_database(url)


@pytest.fixture(scope="session")
def amqp_vhost_url() -> Iterator[str]:
    """A fresh RabbitMQ vhost for this test session, deleted at the end."""
    from crm_chassis.testing import broker

    vhost, url = broker.create_vhost()
    yield url
    broker.delete_vhost(vhost)
