"""Fixtures of the marketing tests: a migrated database, the wired service, its REST app.

The chassis's pytest plugin gives ``token_factory``, ``database_url`` (fresh, dropped
after), ``migrated_database_url`` and ``amqp_vhost_url``; set ``CRM_TEST_DATABASE_URL_BASE``
to run on PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from crm_access import token_verifier
from crm_chassis.errors import Unavailable
from crm_chassis.testing.service import token_settings, warnings_as_errors
from crm_chassis.testing.tokens import TokenFactory
from crm_marketing.api.app import build_app
from crm_marketing.bootstrap import Marketing, bootstrap
from crm_marketing.config import Settings
from crm_marketing.domain.campaign_members import MemberRef
from crm_marketing.entrypoints.migrate import MIGRATIONS


class FakeMembers:
    """sales' leads and contacts' contacts (the MemberDirectory port): each id is visible
    to the tokens it was made for (any token when ``only`` is None)."""

    def __init__(self) -> None:
        self.known: dict[MemberRef, tuple[str, set[str] | None]] = {}
        self.calls: list[tuple[int, str | None]] = []
        self.down = False

    def make(self, member_type: str, name: str = "Ann Lee", only: set[str] | None = None) -> UUID:
        ref = MemberRef(member_type, uuid.uuid4())
        self.known[ref] = (name, only)
        return ref.member_id

    def names(self, refs: Collection[MemberRef], *, token: str | None) -> Mapping[MemberRef, str]:
        self.calls.append((len(refs), token))
        if self.down:
            raise Unavailable("sales is not answering")
        found = {}
        for ref in refs:
            name, only = self.known.get(ref, (None, set()))
            if name is not None and (only is None or token in only):
                found[ref] = name
        return found


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    warnings_as_errors(items, "services/marketing/tests")


@pytest.fixture
def db_url(migrated_database_url: Callable[[str, Path], str]) -> str:
    """A fresh database at the newest migration."""
    return migrated_database_url("marketing", MIGRATIONS)


@pytest.fixture
def settings(db_url: str, token_factory: TokenFactory) -> Settings:
    return Settings(database_url=db_url, **token_settings(token_factory))


@pytest.fixture
def members() -> FakeMembers:
    """sales' leads and contacts' contacts as campaign members (h/campaigns)."""
    return FakeMembers()


@pytest.fixture
def service(settings: Settings, members: FakeMembers) -> Iterator[Marketing]:
    app = bootstrap(settings, member_directory=members)
    yield app
    app.db.dispose()


@pytest.fixture
def client(service: Marketing, settings: Settings) -> Any:
    return build_app(service, token_verifier(settings, service.access.store)).test_client()
