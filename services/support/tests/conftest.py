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


# -- service contracts, feedback, reports (h/contracts) ----------------------------------------
# A service wired with fake references and a clock the test sets, raw ticket rows (as
# h/tickets writes them), the outbox's event types, an access policy.
import uuid  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from crm_access.model import PolicySnapshot  # noqa: E402
from crm_support.adapters.tables import event_tables, tickets  # noqa: E402
from crm_support.domain.ports import ContactRef  # noqa: E402
from crm_support.service.contract_rules import ContractRules  # noqa: E402

API = "/api/support/v1"
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


class FakeReferences:
    """Every account exists unless listed in ``missing``."""

    def __init__(self) -> None:
        self.missing: set[uuid.UUID] = set()

    def account_exists(self, account_id: uuid.UUID, *, token: str | None) -> bool:
        return account_id not in self.missing

    def get_contact(self, contact_id: uuid.UUID, *, token: str | None) -> ContactRef | None:
        return ContactRef(contact_id, None)

    def product_exists(self, product_id: uuid.UUID, *, token: str | None) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def references() -> FakeReferences:
    return FakeReferences()


@pytest.fixture
def svc(settings: Settings, clock: Clock, references: FakeReferences) -> Iterator[Support]:
    app = bootstrap(settings, references=references, contract_rules=ContractRules(now_fn=clock))
    yield app
    app.db.dispose()


@pytest.fixture
def api(svc: Support, settings: Settings) -> Any:
    return build_app(svc, token_verifier(settings, svc.access.store)).test_client()


@pytest.fixture
def admin(token_factory: TokenFactory) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_factory.admin(str(uuid.uuid4()))}"}


def _add_ticket(svc: Support, **values: Any) -> uuid.UUID:
    """A ticket row as h/tickets writes it (the fields the reports and usage read)."""
    ticket_id = values.pop("id", uuid.uuid4())
    created = values.pop("created_at", NOW)
    row = {
        "id": ticket_id,
        "number": f"TT-2026-{uuid.uuid4().int % 10**6:06d}",
        "title": "Printer on fire",
        "priority": "Normal",
        "status": "Open",
        "channel": "web",
        "time_spent_minutes": 0,
        "created_by": "test",
        "search_text": "printer",
        "created_at": created,
        "updated_at": created,
        "version": 1,
        **values,
    }
    with svc.db.transaction() as session:
        session.execute(sa.insert(tickets).values(**row))
    return ticket_id


def _event_types(svc: Support) -> list[str]:
    with svc.db.reading() as session:
        stmt = sa.select(event_tables.outbox.c.type).order_by(event_tables.outbox.c.seq)
        return list(session.execute(stmt).scalars())


def _save_policy(svc: Support, users: dict[uuid.UUID, str], **profile: Any) -> None:
    """Users (id -> role id) under one role each with a profile granting ``modules``."""
    roles = sorted(set(users.values()))
    svc.access.store.save(
        PolicySnapshot.from_dict(
            {
                "version": profile.pop("version", 1),
                "users": [{"id": str(u), "role_id": r} for u, r in users.items()],
                "roles": [
                    {"id": r, "name": r, "profile_ids": ["p"], "parent_id": profile.get("parent")}
                    if r != profile.get("parent")
                    else {"id": r, "name": r, "profile_ids": ["p"]}
                    for r in roles
                ],
                "profiles": [
                    {
                        "id": "p",
                        "name": "P",
                        "modules": profile.get("modules", {}),
                        "fields": profile.get("fields", {}),
                    }
                ],
                "sharing_defaults": profile.get("sharing", {}),
            }
        )
    )


@pytest.fixture
def add_ticket(svc: Support) -> Any:
    return lambda **values: _add_ticket(svc, **values)


@pytest.fixture
def event_types(svc: Support) -> Any:
    return lambda: _event_types(svc)


@pytest.fixture
def save_policy(svc: Support) -> Any:
    return lambda users, **profile: _save_policy(svc, users, **profile)
