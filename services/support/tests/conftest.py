"""Fixtures of the support tests: a migrated database, the wired service, its REST app.

The chassis's pytest plugin gives ``token_factory``, ``database_url`` (fresh, dropped
after), ``migrated_database_url`` and ``amqp_vhost_url``; set ``CRM_TEST_DATABASE_URL_BASE``
to run on PostgreSQL instead of SQLite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crm_access import token_verifier
from crm_chassis.testing.service import token_settings, warnings_as_errors
from crm_chassis.testing.tokens import TokenFactory
from crm_support.api.app import build_app
from crm_support.bootstrap import Support, bootstrap
from crm_support.config import Settings
from crm_support.entrypoints.migrate import MIGRATIONS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    warnings_as_errors(items, "services/support/tests")


@pytest.fixture
def db_url(migrated_database_url: Callable[[str, Path], str]) -> str:
    """A fresh database at the newest migration."""
    return migrated_database_url("support", MIGRATIONS)


@pytest.fixture
def settings(db_url: str, token_factory: TokenFactory) -> Settings:
    return Settings(database_url=db_url, **token_settings(token_factory))


@pytest.fixture
def service(settings: Settings) -> Iterator[Support]:
    app = bootstrap(settings)
    yield app
    app.db.dispose()


@pytest.fixture
def client(service: Support, settings: Settings) -> Any:
    return build_app(service, token_verifier(settings, service.access.store)).test_client()
