"""Fixtures of the support tests: a migrated database, the wired service, its REST app,
fake references (contacts' accounts and contacts, sales' products), tokens of staff,
administrators and portal users, and policy snapshots.

The chassis's pytest plugin gives ``token_factory``, ``database_url`` (fresh, dropped
after), ``migrated_database_url`` and ``amqp_vhost_url``; set ``CRM_TEST_DATABASE_URL_BASE``
to run on PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from crm_access import token_verifier
from crm_chassis.db import Database
from crm_chassis.testing.service import token_settings, warnings_as_errors
from crm_chassis.testing.tokens import TokenFactory
from crm_support.api.app import build_app
from crm_support.bootstrap import Support, bootstrap
from crm_support.config import Settings
from crm_support.domain.ports import ContactRef
from crm_support.entrypoints.migrate import MIGRATIONS

API = "/api/support/v1"
ALL = ["view", "create", "edit", "delete", "export"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    warnings_as_errors(items, "services/support/tests")


class FakeReferences:
    """contacts' accounts and contacts and sales' products (the References port)."""

    def __init__(self) -> None:
        self.accounts: set[UUID] = set()
        self.contacts: dict[UUID, UUID | None] = {}
        self.products: set[UUID] = set()
        self.calls: list[tuple[str, UUID, str | None]] = []

    def account(self) -> UUID:
        account_id = uuid.uuid4()
        self.accounts.add(account_id)
        return account_id

    def contact(self, account_id: UUID | None) -> UUID:
        contact_id = uuid.uuid4()
        self.contacts[contact_id] = account_id
        return contact_id

    def product(self) -> UUID:
        product_id = uuid.uuid4()
        self.products.add(product_id)
        return product_id

    def account_exists(self, account_id: UUID, *, token: str | None) -> bool:
        self.calls.append(("account", account_id, token))
        return account_id in self.accounts

    def get_contact(self, contact_id: UUID, *, token: str | None) -> ContactRef | None:
        self.calls.append(("contact", contact_id, token))
        if contact_id not in self.contacts:
            return None
        return ContactRef(contact_id, self.contacts[contact_id])

    def product_exists(self, product_id: UUID, *, token: str | None) -> bool:
        self.calls.append(("product", product_id, token))
        return product_id in self.products


@pytest.fixture
def db_url(migrated_database_url: Callable[[str, Path], str]) -> str:
    """A fresh database at the newest migration."""
    return migrated_database_url("support", MIGRATIONS)


@pytest.fixture
def settings(db_url: str, token_factory: TokenFactory) -> Settings:
    return Settings(database_url=db_url, **token_settings(token_factory))


@pytest.fixture
def references() -> FakeReferences:
    return FakeReferences()


@pytest.fixture
def service(settings: Settings, references: FakeReferences) -> Iterator[Support]:
    app = bootstrap(settings, db=Database(settings.database_url), references=references)
    yield app
    app.db.dispose()


@pytest.fixture
def client(service: Support, settings: Settings) -> Any:
    return build_app(service, token_verifier(settings, service.access.store)).test_client()


@pytest.fixture
def me() -> UUID:
    return uuid.uuid4()


@pytest.fixture
def admin(token_factory: TokenFactory, me: UUID) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_factory.admin(str(me))}"}


@pytest.fixture
def user(token_factory: TokenFactory) -> Callable[..., dict[str, str]]:
    """Headers of a non-admin staff user, by id, with the given permissions."""

    def make(sub: UUID, *perms: str) -> dict[str, str]:
        perms = perms or tuple(f"tickets.{a}" for a in ALL)
        return {"Authorization": f"Bearer {token_factory.issue(str(sub), perms=list(perms))}"}

    return make


@pytest.fixture
def portal(token_factory: TokenFactory) -> Callable[..., dict[str, str]]:
    """Headers of a portal user of ``account_id`` (its contact ``contact_id``)."""

    def make(account_id: UUID, contact_id: UUID, *, sub: UUID | None = None) -> dict[str, str]:
        token = token_factory.issue(
            str(sub or uuid.uuid4()),
            typ="portal",
            scope="portal.tickets.read portal.tickets.write portal.kb.read",
            account_id=str(account_id),
            contact_id=str(contact_id),
        )
        return {"Authorization": f"Bearer {token}"}

    return make


def snapshot(
    version: int,
    users: dict[UUID, str],
    *,
    sharing: str = "private",
    fields: dict[str, dict[str, str]] | None = None,
    groups: dict[UUID, list[UUID]] | None = None,
    admins: tuple[UUID, ...] = (),
) -> Any:
    """A policy snapshot: users by role ("manager" over "agent"), one support profile."""
    from crm_access.model import PolicySnapshot

    return PolicySnapshot.from_dict(
        {
            "version": version,
            "users": [
                {"id": str(u), "role_id": r, "active": True, "is_admin": u in admins}
                for u, r in users.items()
            ],
            "roles": [
                {"id": "manager", "name": "support_manager", "profile_ids": ["support"]},
                {
                    "id": "agent",
                    "name": "Agent",
                    "parent_id": "manager",
                    "profile_ids": ["support"],
                },
            ],
            "profiles": [
                {
                    "id": "support",
                    "name": "Support",
                    "modules": {"tickets": ALL},
                    "fields": fields or {},
                }
            ],
            "groups": [
                {"id": str(g), "name": f"g{n}", "user_ids": [str(u) for u in members]}
                for n, (g, members) in enumerate((groups or {}).items())
            ],
            "sharing_defaults": {"tickets": sharing},
        }
    )


@pytest.fixture
def policy(service: Support) -> Callable[..., Any]:
    """Store a newer policy snapshot (see :func:`snapshot`) as identity's event would."""
    versions = iter(range(1, 1000))

    def save(users: dict[UUID, str], **kwargs: Any) -> Any:
        snap = snapshot(next(versions), users, **kwargs)
        service.access.store.save(snap)
        return snap

    return save


@pytest.fixture
def ticket(client: Any, admin: dict[str, str]) -> Callable[..., dict[str, Any]]:
    def make(headers: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
        body = {"title": "Printer on fire", "description": "Smoke everywhere", **fields}
        resp = client.post(f"{API}/tickets", json=body, headers=headers or admin)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()

    return make


# -- service contracts, feedback, reports (h/contracts) ----------------------------------------
# A service wired with fake references and a clock the test sets, raw ticket rows (as
# h/tickets writes them), the outbox's event types, an access policy.
from datetime import UTC, datetime  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from crm_access.model import PolicySnapshot  # noqa: E402
from crm_support.adapters.tables import event_tables, ticket_history, tickets  # noqa: E402
from crm_support.service.contract_rules import ContractRules  # noqa: E402

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


class AnyAccount(FakeReferences):
    """Every account exists unless listed in ``missing`` (contracts name random ones)."""

    def __init__(self) -> None:
        super().__init__()
        self.missing: set[uuid.UUID] = set()

    def account_exists(self, account_id: uuid.UUID, *, token: str | None) -> bool:
        return account_id not in self.missing


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def any_account() -> AnyAccount:
    return AnyAccount()


@pytest.fixture
def svc(settings: Settings, clock: Clock, any_account: AnyAccount) -> Iterator[Support]:
    app = bootstrap(settings, references=any_account, contract_rules=ContractRules(now_fn=clock))
    yield app
    app.db.dispose()


@pytest.fixture
def api(svc: Support, settings: Settings) -> Any:
    return build_app(svc, token_verifier(settings, svc.access.store)).test_client()


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
    # The status history h/tickets writes (the SLA reads it): opened, and closed when closed.
    history = [("Open", created)]
    if row.get("closed_at") is not None:
        history.append(("Closed", row["closed_at"]))
    with svc.db.transaction() as session:
        session.execute(sa.insert(tickets).values(**row))
        for status, at in history:
            session.execute(
                sa.insert(ticket_history).values(
                    ticket_id=ticket_id,
                    field="status",
                    new_value=status,
                    changed_at=at,
                    changed_by="test",
                )
            )
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


def multipart(data: bytes, name: str, ctype: str) -> tuple[bytes, str]:
    """A multipart/form-data body with the part ``file`` (built here: the test client's own
    builder leaves a large body's temporary file open)."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{name}"\r\nContent-Type: {ctype}\r\n\r\n'
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def upload(client: Any) -> Callable[..., Any]:
    """POST a file as the multipart part ``file``."""

    def send(url: str, headers: dict[str, str], data: bytes, name: str, ctype: str) -> Any:
        body, content_type = multipart(data, name, ctype)
        return client.post(url, data=body, headers={**headers, "Content-Type": content_type})

    return send
