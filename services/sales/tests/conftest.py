"""Fixtures shared by the sales tests: a migrated database, the wired service, tokens, a fake
contacts directory and a small organisation for access tests."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from crm_access import token_verifier
from crm_chassis.db import Database
from crm_chassis.fields import Address
from crm_chassis.testing.service import token_settings, warnings_as_errors
from crm_chassis.testing.tokens import TokenFactory
from crm_sales.api.app import build_app
from crm_sales.bootstrap import Sales, bootstrap
from crm_sales.config import MIGRATIONS_DIR, Settings
from crm_sales.domain.ports import (
    Account,
    ContactRef,
    LeadConversionAnswer,
    LeadConversionRequest,
)

API = "/api/sales/v1"
ALL = ["view", "create", "edit", "delete", "import", "export"]
MODULES = [
    "leads",
    "opportunities",
    "quotes",
    "sales_orders",
    "enquiries",
    "products",
    "price_books",
    "accounts",
    "contacts",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    warnings_as_errors(items, "services/sales/tests")


class FakeDirectory:
    """contacts' accounts as the conversion and quotes see them (the AccountDirectory port)."""

    def __init__(self) -> None:
        self.accounts: dict[UUID, dict[str, Any]] = {}
        self.contacts: dict[UUID, dict[str, Any]] = {}
        self.calls: list[tuple[str, Any]] = []
        self.conversions: dict[UUID, LeadConversionAnswer] = {}

    def add(self, name: str, website: str | None = None, **extra: Any) -> UUID:
        account_id = uuid.uuid4()
        self.accounts[account_id] = {
            "id": str(account_id),
            "name": name,
            "website": website,
            **extra,
        }
        return account_id

    def convert_lead(
        self, request: LeadConversionRequest, *, token: str | None
    ) -> LeadConversionAnswer:
        """contacts' ConvertLead, simply: by lead id once, a named account, or by name."""
        from crm_chassis.errors import invalid
        from crm_sales.domain.websites import web_domain

        self.calls.append(("convert", request))
        if request.lead_id in self.conversions:
            return self.conversions[request.lead_id]
        name = str(request.account.get("name", ""))
        if request.account_id is not None:
            if request.account_id not in self.accounts:
                raise invalid("account_id", "is not an existing account")
            account_id, existing = request.account_id, True
        else:
            domain = web_domain(request.website, request.email)
            matched = None if request.create_new_account else self._match(name, domain)
            account_id, existing = matched or self.add(name, request.website), matched is not None
        answer = LeadConversionAnswer(
            account_id=account_id,
            contact_id=request.contact_id or request.duplicate_contact_id or uuid.uuid4(),
            existing_account=existing,
            existing_contact=bool(request.contact_id or request.duplicate_contact_id),
        )
        self.conversions[request.lead_id] = answer
        return answer

    def _match(self, name: str, domain: str | None) -> UUID | None:
        from crm_sales.domain.websites import web_domain

        for account_id, a in self.accounts.items():
            if name and a["name"].lower() == name.lower():
                return account_id
            if domain and web_domain(a.get("website")) == domain:
                return account_id
        return None

    def add_contact(self, account_id: UUID | None, **extra: Any) -> UUID:
        contact_id = uuid.uuid4()
        self.contacts[contact_id] = {"account_id": account_id, **extra}
        return contact_id

    def get_contact(self, contact_id: UUID, *, token: str | None) -> ContactRef | None:
        self.calls.append(("get_contact", contact_id))
        found = self.contacts.get(contact_id)
        return None if found is None else ContactRef(contact_id, found["account_id"])

    def get_account(self, account_id: UUID, *, token: str | None) -> Account | None:
        self.calls.append(("get", account_id))
        found = self.accounts.get(account_id)
        if found is None:
            return None
        return Account(
            id=account_id,
            name=found["name"],
            billing_address=Address.of(found.get("billing_address")),
            shipping_address=Address.of(found.get("shipping_address")),
        )


@pytest.fixture(scope="session")
def tokens(token_factory: TokenFactory) -> TokenFactory:
    return token_factory


@pytest.fixture
def db_url(migrated_database_url: Callable[[str, Path], str]) -> str:
    """A fresh database at the newest migration (PostgreSQL when the chassis is told so)."""
    return migrated_database_url("sales", MIGRATIONS_DIR)


@pytest.fixture
def settings(db_url: str, tokens: TokenFactory) -> Settings:
    return Settings(database_url=db_url, **token_settings(tokens))


@pytest.fixture
def directory() -> FakeDirectory:
    return FakeDirectory()


@pytest.fixture
def service(settings: Settings, directory: FakeDirectory) -> Iterator[Sales]:
    svc = bootstrap(settings, db=Database(settings.database_url), directory=directory)
    yield svc
    svc.db.dispose()


@pytest.fixture
def client(service: Sales, settings: Settings) -> Any:
    return build_app(service, token_verifier(settings, service.access.store)).test_client()


@pytest.fixture
def me() -> UUID:
    return uuid.uuid4()


@pytest.fixture
def admin(tokens: TokenFactory, me: UUID) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.admin(str(me))}"}


@pytest.fixture
def user(tokens: TokenFactory) -> Callable[..., dict[str, str]]:
    """Headers of a non-admin user, by id, with the given permissions (module.action)."""

    def make(sub: UUID, *perms: str, roles: tuple[str, ...] = ()) -> dict[str, str]:
        perms = perms or tuple(f"{m}.{a}" for m in MODULES for a in ALL)
        token = tokens.issue(str(sub), perms=list(perms), roles=list(roles))
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def product(client: Any, admin: dict[str, str]) -> Callable[..., dict[str, Any]]:
    def make(**fields: Any) -> dict[str, Any]:
        body = {
            "code": f"P-{uuid.uuid4().hex[:6]}",
            "name": "Widget",
            "unit_price": "10.00",
            "currency": "EUR",
            "tax_percent": "19",
            **fields,
        }
        resp = client.post(f"{API}/products", json=body, headers=admin)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()

    return make


@pytest.fixture
def lead(client: Any, admin: dict[str, str]) -> Callable[..., dict[str, Any]]:
    def make(headers: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
        body = {"last_name": "Lovelace", "first_name": "Ada", "company": "Analytical Ltd", **fields}
        resp = client.post(f"{API}/leads", json=body, headers=headers or admin)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()

    return make


def snapshot(
    version: int,
    users: dict[UUID, str],
    *,
    sharing: str = "private",
    fields: dict[str, dict[str, str]] | None = None,
    groups: dict[UUID, list[UUID]] | None = None,
    inactive: tuple[UUID, ...] = (),
    modules: list[str] | None = None,
) -> Any:
    """A policy snapshot: users by role ("manager" over "rep"), one sales profile."""
    from crm_access.model import PolicySnapshot

    mods = modules or MODULES
    return PolicySnapshot.from_dict(
        {
            "version": version,
            "users": [
                {"id": str(u), "role_id": r, "active": u not in inactive} for u, r in users.items()
            ],
            "roles": [
                {"id": "manager", "name": "sales_manager", "profile_ids": ["sales"]},
                {"id": "rep", "name": "Rep", "parent_id": "manager", "profile_ids": ["sales"]},
            ],
            "profiles": [
                {
                    "id": "sales",
                    "name": "Sales",
                    "modules": {m: ALL for m in mods},
                    "fields": fields or {},
                }
            ],
            "groups": [
                {"id": str(g), "name": f"g{n}", "user_ids": [str(u) for u in members]}
                for n, (g, members) in enumerate((groups or {}).items())
            ],
            "sharing_defaults": {m: sharing for m in mods},
            "unowned_modules": ["products", "price_books"],
        }
    )


@pytest.fixture
def policy(service: Sales) -> Callable[..., Any]:
    """Store a newer policy snapshot (see :func:`snapshot`) as identity's event would."""
    versions = iter(range(1, 1000))

    def save(users: dict[UUID, str], **kwargs: Any) -> Any:
        snap = snapshot(next(versions), users, **kwargs)
        service.access.store.save(snap)
        return snap

    return save
