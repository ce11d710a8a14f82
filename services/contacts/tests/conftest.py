"""Fixtures shared by the contacts tests: a migrated database, the wired service, tokens."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from crm_chassis.db import Database
from crm_chassis.testing.service import token_settings, warnings_as_errors
from crm_chassis.testing.tokens import TokenFactory
from crm_contacts.api.app import build_app
from crm_contacts.bootstrap import Contacts, bootstrap, token_verifier
from crm_contacts.config import MIGRATIONS_DIR, Settings
from crm_contacts.domain.commands import ApplyOwnerFact
from crm_contacts.domain.owners import Owner
from crm_contacts.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

API = "/api/contacts/v1"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "settings(**overrides): settings fields of the service under test"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    warnings_as_errors(items, "services/contacts/tests")


@pytest.fixture(scope="session")
def tokens(token_factory: TokenFactory) -> TokenFactory:
    return token_factory


@pytest.fixture
def db_url(migrated_database_url: Callable[[str, Path], str]) -> str:
    """A fresh database at the newest migration (PostgreSQL when the chassis is told so)."""
    return migrated_database_url("contacts", MIGRATIONS_DIR)


@pytest.fixture
def settings(db_url: str, tokens: TokenFactory, request: pytest.FixtureRequest) -> Settings:
    """The service's settings; a test may change some with ``@pytest.mark.settings(...)``."""
    marker = request.node.get_closest_marker("settings")
    overrides = marker.kwargs if marker else {}
    return Settings(
        database_url=db_url, **token_settings(tokens), owner_cache_seconds=0, **overrides
    )


class FakeRemote:
    """Other services as contacts' reference checks see them (no gRPC server): every record
    exists unless listed in ``missing``; ``open_business`` says what an account has open;
    ``down`` names services that do not answer."""

    def __init__(self) -> None:
        self.missing: set[str] = set()
        self.open_business: dict[str, dict[str, int]] = {}
        self.down: set[str] = set()
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def read(self, remote: Any, methods: Any, request: Any, *, token: str, timeout: float):
        from crm_contacts.domain.overview import NOT_FOUND, OK, UNAVAILABLE, Answer

        self.calls.append((methods[0], dict(request)))
        service = remote.package.split(".")[1]
        if service in self.down:
            return Answer(UNAVAILABLE, reason=f"{service} is down")
        if "account_id" in request:
            return Answer(OK, response=dict(self.open_business.get(request["account_id"], {})))
        if request.get("id") in self.missing:
            return Answer(NOT_FOUND, reason="no such record")
        return Answer(OK, response={"id": request.get("id")})


@pytest.fixture
def service(settings: Settings) -> Iterator[Contacts]:
    svc = bootstrap(settings, db=Database(settings.database_url))
    svc.remote.reads = FakeRemote()
    yield svc
    svc.db.dispose()


@pytest.fixture
def remote(service: Contacts) -> FakeRemote:
    """The fake other services of :func:`service` (see :class:`FakeRemote`)."""
    reads = service.remote.reads
    assert isinstance(reads, FakeRemote)
    return reads


@pytest.fixture
def add_owner(service: Contacts) -> Callable[..., Owner]:
    """Put a user into the owner directory, as identity's events would."""

    def add(
        owner_id: uuid.UUID | None = None,
        *,
        active: bool = True,
        email: str | None = None,
        updated_at: datetime | None = None,
    ) -> Owner:
        owner_id = owner_id or uuid.uuid4()
        owner = Owner(
            id=owner_id,
            email=email or f"{owner_id.hex[:8]}@example.com",
            display_name=f"User {owner_id.hex[:4]}",
            active=active,
            updated_at=updated_at or datetime.now(UTC),
            deactivated_at=None if active else datetime.now(UTC),
        )
        service.run(ApplyOwnerFact(owner))
        return owner

    return add


@pytest.fixture
def owner(add_owner: Callable[..., Owner]) -> Owner:
    return add_owner()


@pytest.fixture
def around_batches(service: Contacts) -> Callable[..., Contacts]:
    """The service with hooks around each import batch's transaction (the only unit of work
    an import opens): ``before()`` may fail it, ``after()`` sees it committed."""

    def wire(
        before: Callable[[], None] = lambda: None, after: Callable[[], None] = lambda: None
    ) -> Contacts:
        class Hooked(UnitOfWorkFactory):
            @contextmanager
            def __call__(self) -> Iterator[UnitOfWork]:
                before()
                with super().__call__() as tx:
                    yield tx
                after()

        hooked = Hooked(service.db, service.uow.record)
        return replace(service, run=service.run.with_dependencies(uow=hooked))

    return wire


@pytest.fixture
def app(service: Contacts, settings: Settings) -> Any:
    return build_app(service, token_verifier(settings, service.db, service.access.store))


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def admin_headers(tokens: TokenFactory, owner: Owner) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.admin(str(owner.id))}"}


@pytest.fixture
def user_headers(tokens: TokenFactory, owner: Owner) -> Callable[..., dict[str, str]]:
    def make(*perms: str, sub: str | None = None) -> dict[str, str]:
        token = tokens.issue(sub or str(owner.id), perms=list(perms))
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def create_account(client: Any, admin_headers: dict[str, str]) -> Callable[..., dict[str, Any]]:
    def create(**fields: Any) -> dict[str, Any]:
        body = {"name": "Acme Ltd", **fields}
        response = client.post(f"{API}/accounts", json=body, headers=admin_headers)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return create


@pytest.fixture
def create_contact(client: Any, admin_headers: dict[str, str]) -> Callable[..., dict[str, Any]]:
    def create(**fields: Any) -> dict[str, Any]:
        body = {"last_name": "Lovelace", **fields}
        response = client.post(f"{API}/contacts", json=body, headers=admin_headers)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return create


#: The Org's role tree: CEO > Sales Manager > two reps; Support under the CEO.
ROLES = [
    {"id": "ceo", "name": "CEO", "profile_ids": ["sales"]},
    {"id": "manager", "name": "Sales Manager", "parent_id": "ceo", "profile_ids": ["sales"]},
    {"id": "north", "name": "Rep North", "parent_id": "manager", "profile_ids": ["sales"]},
    {"id": "south", "name": "Rep South", "parent_id": "manager", "profile_ids": ["sales"]},
    {"id": "support", "name": "Support", "parent_id": "ceo", "profile_ids": ["sales"]},
]


class Org:
    """A small organisation for access tests: CEO > Manager > two sales reps; a support group.

    ``save(...)`` stores a policy snapshot (each call a newer version) as identity would.
    """

    def __init__(self, service: Contacts, add_owner: Callable[..., Owner], tokens: TokenFactory):
        self.service = service
        self.tokens = tokens
        self.version = 0
        self.manager = add_owner().id
        self.north = add_owner().id  # rep in role "north"
        self.south = add_owner().id  # rep in role "south"
        self.supporter = add_owner().id  # member of the support group
        self.group = uuid.uuid4()

    def headers(self, user: uuid.UUID) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens.issue(str(user))}"}

    def snapshot(
        self,
        *,
        sharing: str = "private",
        rules: tuple[dict[str, Any], ...] = (),
        account_fields: dict[str, str] | None = None,
        contact_fields: dict[str, str] | None = None,
        actions: tuple[str, ...] = ("view", "create", "edit", "delete", "import", "export"),
        other_fields: dict[str, dict[str, str]] | None = None,
    ) -> Any:
        """``other_fields``: field modes of further modules (each given ``actions`` too)."""
        from crm_access.model import PolicySnapshot

        self.version += 1
        return PolicySnapshot.from_dict(
            {
                "version": self.version,
                "users": [
                    {"id": str(self.manager), "role_id": "manager"},
                    {"id": str(self.north), "role_id": "north"},
                    {"id": str(self.south), "role_id": "south"},
                    {"id": str(self.supporter), "role_id": "support"},
                ],
                "roles": ROLES,
                "profiles": [
                    {
                        "id": "sales",
                        "name": "Sales",
                        "modules": {
                            "accounts": list(actions),
                            "contacts": list(actions),
                            **{m: list(actions) for m in other_fields or {}},
                        },
                        "fields": {
                            "accounts": account_fields or {},
                            "contacts": contact_fields or {},
                            **(other_fields or {}),
                        },
                    }
                ],
                "groups": [
                    {"id": str(self.group), "name": "Support", "user_ids": [str(self.supporter)]}
                ],
                "sharing_defaults": {"accounts": sharing, "contacts": sharing},
                "sharing_rules": list(rules),
            }
        )

    def save(self, **kwargs: Any) -> Any:
        snapshot = self.snapshot(**kwargs)
        self.service.access.store.save(snapshot)
        return snapshot


@pytest.fixture
def org(service: Contacts, add_owner: Callable[..., Owner], tokens: TokenFactory) -> Org:
    return Org(service, add_owner, tokens)
