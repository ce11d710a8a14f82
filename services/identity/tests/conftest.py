"""Fixtures: a real SQLite file migrated by Alembic, the wired service, a Flask test client."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from crm_chassis.testing.databases import (
    clone_database,
    drop_database,
    new_database_url,
    postgres_base,
)
from crm_identity.api.app import build_app
from crm_identity.bootstrap import Identity, bootstrap
from crm_identity.config import Settings
from crm_identity.domain.commands import RegisterUser
from crm_identity.entrypoints.migrate import run as migrate
from crm_identity.service.audit import SYSTEM

ADMIN_EMAIL = "admin@example.test"
ADMIN_PASSWORD = "admin-password-1"
BASE = "/api/identity/v1"


def make_settings(tmp_path: Any, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{tmp_path / 'identity.db'}",
        "admin_email": ADMIN_EMAIL,
        "admin_password": ADMIN_PASSWORD,
        # Cheap argon2 for tests; production defaults are in config.py.
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "argon2_parallelism": 1,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Migrate and initialize once; each test starts from a copy: of this SQLite file, or
    (with CRM_TEST_DATABASE_URL_BASE) of this PostgreSQL database, ``CREATE ... TEMPLATE``."""
    folder = tmp_path_factory.mktemp("template")
    if postgres_base() is None:
        migrate(make_settings(folder))
        yield str(folder / "identity.db")
        return
    url = new_database_url("tpl_identity", folder)
    migrate(make_settings(folder, database_url=url))
    yield url
    drop_database(url)


@pytest.fixture
def settings(tmp_path: Any, migrated_template: str) -> Iterator[Settings]:
    """A copy of the migrated template: a SQLite file in tmp_path, or a PostgreSQL database."""
    if postgres_base() is None:
        shutil.copyfile(migrated_template, tmp_path / "identity.db")
        yield make_settings(tmp_path)
        return
    url = clone_database("identity", migrated_template)
    yield make_settings(tmp_path, database_url=url)
    drop_database(url)


@pytest.fixture
def identity(settings: Settings) -> Iterator[Identity]:
    wired = bootstrap(settings)
    yield wired
    wired.db.dispose()


@pytest.fixture
def client(identity: Identity) -> FlaskClient:
    return build_app(identity).test_client()


@pytest.fixture
def password_token(client: FlaskClient) -> Callable[..., dict[str, Any]]:
    def sign_in(email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> dict[str, Any]:
        resp = client.post(
            f"{BASE}/auth/token",
            json={"grant_type": "password", "username": email, "password": password},
        )
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()

    return sign_in


@pytest.fixture
def admin_headers(password_token: Callable[..., dict[str, Any]]) -> dict[str, str]:
    return {"Authorization": "Bearer " + password_token()["access_token"]}


@pytest.fixture
def new_user(identity: Identity) -> Callable[..., Any]:
    """Create a user through the use case (a small factory)."""
    counter = iter(range(1, 10_000))

    def create(**fields: Any) -> Any:
        n = next(counter)
        values: dict[str, Any] = {
            "email": f"user{n}@example.test",
            "display_name": f"User {n}",
            "password": f"user-password-{n:04d}",
        }
        values.update(fields)
        if "roles" in values:
            values["roles"] = tuple(values["roles"])
        return identity.run(RegisterUser(**values), caller=SYSTEM)

    return create


@pytest.fixture
def user_headers(
    new_user: Callable[..., Any], password_token: Callable[..., dict[str, Any]]
) -> dict[str, str]:
    user = new_user(email="plain@example.test", password="ordinary-Password-1")
    token = password_token(user.email, "ordinary-Password-1")["access_token"]
    return {"Authorization": "Bearer " + token}


@pytest.fixture
def settings_for() -> Callable[..., Settings]:
    """Settings for a fresh database in a given folder (tests of first start and CLIs)."""
    return make_settings
