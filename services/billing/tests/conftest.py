"""Fixtures shared by the billing tests: a migrated database, the wired service, tokens."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from crm_access import token_verifier
from crm_billing.api.app import build_app
from crm_billing.bootstrap import Billing, bootstrap
from crm_billing.config import MIGRATIONS_DIR, Settings
from crm_billing.domain.ports import Account
from crm_billing.service.clock import Clock
from crm_chassis.db import Database
from crm_chassis.errors import Unavailable
from crm_chassis.testing.service import token_settings, warnings_as_errors
from crm_chassis.testing.tokens import TokenFactory

API = "/api/billing/v1"
TODAY = date(2026, 3, 2)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    warnings_as_errors(items, "services/billing/tests")


@pytest.fixture(scope="session")
def tokens(token_factory: TokenFactory) -> TokenFactory:
    return token_factory


@pytest.fixture
def db_url(migrated_database_url: Callable[[str, Path], str]) -> str:
    """A fresh database at the newest migration (PostgreSQL when the chassis is told so)."""
    return migrated_database_url("billing", MIGRATIONS_DIR)


@pytest.fixture
def settings(db_url: str, tokens: TokenFactory) -> Settings:
    return Settings(database_url=db_url, **token_settings(tokens))


class FixedClock(Clock):
    """A clock tests move by hand."""

    def __init__(self, today: date) -> None:
        super().__init__(today, lambda: datetime.now(UTC))

    def set(self, today: date) -> None:
        self.fixed_today = today


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


class FakeDirectory:
    """contacts' accounts as billing asks for them: every id is a known account (named
    after it) unless listed in ``missing``; ``down`` makes contacts unreachable."""

    def __init__(self) -> None:
        self.missing: set[uuid.UUID] = set()
        self.names: dict[uuid.UUID, str] = {}
        self.down = False
        self.tokens: list[str | None] = []

    def get_account(self, account_id: uuid.UUID, *, token: str | None) -> Account | None:
        self.tokens.append(token)
        if self.down:
            raise Unavailable("contacts is down")
        if account_id in self.missing:
            return None
        return Account(account_id, self.names.get(account_id, f"Customer {account_id.hex[:6]}"))


@pytest.fixture
def directory() -> FakeDirectory:
    return FakeDirectory()


@pytest.fixture
def service(settings: Settings, clock: FixedClock, directory: FakeDirectory) -> Iterator[Billing]:
    svc = bootstrap(settings, db=Database(settings.database_url), clock=clock, directory=directory)
    yield svc
    svc.db.dispose()


@pytest.fixture
def app(service: Billing, settings: Settings) -> Any:
    return build_app(service, token_verifier(settings, service.access.store))


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def admin_id() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def admin(tokens: TokenFactory, admin_id: uuid.UUID) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.admin(str(admin_id))}"}


@pytest.fixture
def account_id() -> str:
    return str(uuid.uuid4())


def invoice_body(account_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "account_id": account_id,
        "currency": "EUR",
        "invoice_date": "2026-03-01",
        "lines": [
            {"description": "Widget", "quantity": "3", "unit_price": "19.99", "tax_percent": "19"},
            {"description": "Setup", "quantity": "1", "unit_price": "100.00"},
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def create_invoice(client: Any, admin: dict[str, str], account_id: str):
    def create(*, approve: bool = False, **overrides: Any) -> dict[str, Any]:
        body = invoice_body(overrides.pop("account", account_id), **overrides)
        response = client.post(f"{API}/invoices", json=body, headers=admin)
        assert response.status_code == 201, response.get_json()
        invoice = response.get_json()
        if approve:
            response = client.post(f"{API}/invoices/{invoice['id']}/approve", headers=admin)
            assert response.status_code == 200, response.get_json()
            invoice = response.get_json()
        return invoice

    return create


def outbox_types(service: Billing) -> list[str]:
    import sqlalchemy as sa

    from crm_billing.adapters.tables import event_tables

    with service.db.reading() as s:
        return [
            r[0]
            for r in s.execute(
                sa.select(event_tables.outbox.c.type).order_by(event_tables.outbox.c.seq)
            )
        ]
