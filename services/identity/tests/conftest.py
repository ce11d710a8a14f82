"""Fixtures: a real SQLite file migrated by Alembic, the wired service, a Flask test client."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from crm_chassis.testing.databases import postgres_base
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


@pytest.fixture
def settings(tmp_path: Any, database_url: Callable[[str], str]) -> Settings:
    """SQLite in tmp_path, or a fresh PostgreSQL database with CRM_TEST_DATABASE_URL_BASE."""
    if postgres_base() is None:
        return make_settings(tmp_path)
    return make_settings(tmp_path, database_url=database_url("identity"))


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate and initialize once; each test starts from a copy of this file."""
    folder = tmp_path_factory.mktemp("template")
    migrate(make_settings(folder))
    return folder / "identity.db"


@pytest.fixture
def identity(settings: Settings, migrated_template: Path, tmp_path: Path) -> Iterator[Identity]:
    if postgres_base() is None:
        shutil.copyfile(migrated_template, tmp_path / "identity.db")
    else:
        migrate(settings)
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
