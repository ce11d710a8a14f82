"""Helpers for a service's own test suite (its conftest keeps only what is its own).

- :func:`warnings_as_errors`: mark the tests under a folder ``filterwarnings("error")``;
- :func:`token_settings`: the settings fields that make a service trust a TokenFactory;
- :func:`serving_grpc`: the service's gRPC server (chassis interceptors, health,
  reflection) on a free loopback port, and a channel to it;
- the plugin fixture ``migrated_database_url(name, migrations_dir)``: a fresh database at the
  newest migration, a copy of one template migrated once per session (migrating is the slow
  part) - a SQLite file, or on PostgreSQL (``CRM_TEST_DATABASE_URL_BASE``) a database made
  with ``CREATE DATABASE ... TEMPLATE``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from crm_chassis.testing.tokens import TokenFactory


def warnings_as_errors(items: list[pytest.Item], folder: str) -> None:
    """Turn warnings into errors for the collected tests under ``folder`` (a path fragment)."""
    for item in items:
        if folder in str(item.fspath):
            item.add_marker(pytest.mark.filterwarnings("error"))


def token_settings(tokens: TokenFactory) -> dict[str, Any]:
    """Return the ServiceSettings fields that make a service verify ``tokens``' tokens."""
    return {
        "jwks_url": tokens.jwks_url,
        "token_audience": tokens.audience,
        "token_issuer": tokens.issuer,
    }


class SqliteTemplates:
    """One SQLite file per migrations folder, migrated to head once per session."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[Path, Path] = {}

    def copy(self, name: str, migrations_dir: Path, target: Path) -> str:
        """Copy the template for ``migrations_dir`` to ``target``; return its URL."""
        from crm_chassis.db.migrate import upgrade  # alembic only when a test needs it

        template = self.made.get(migrations_dir)
        if template is None:
            template = self.folder / f"{name}-{len(self.made)}.db"
            upgrade(migrations_dir, f"sqlite:///{template}")
            self.made[migrations_dir] = template
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"


class PostgresTemplates:
    """One PostgreSQL database per migrations folder, migrated once per session; each test
    gets a copy (``CREATE DATABASE ... TEMPLATE``), which is several times faster than
    migrating a new database per test. Dropped at the end of the session."""

    def __init__(self) -> None:
        self.made: dict[Path, str] = {}

    def copy(self, name: str, migrations_dir: Path) -> str:
        """A new database at the newest migration of ``migrations_dir``; return its URL."""
        from crm_chassis.db.migrate import upgrade
        from crm_chassis.testing.databases import clone_database, new_database_url

        template = self.made.get(migrations_dir)
        if template is None:
            template = new_database_url(f"tpl_{name}", Path("."))
            upgrade(migrations_dir, template)  # NullPool: no connection stays open
            self.made[migrations_dir] = template
        return clone_database(name, template)

    def drop_all(self) -> None:
        from crm_chassis.testing.databases import drop_database

        for url in self.made.values():
            drop_database(url)
        self.made.clear()


@contextmanager
def serving_grpc(settings: Any, register: Any, verifier: Any) -> Iterator[Any]:
    """Run ``build_server(settings, register, verifier)`` on a free port; yield a channel to it.

    The server and channel are closed when the block ends.
    """
    import grpc

    from crm_chassis.grpc import build_server

    server = build_server(settings, register, verifier)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        yield channel
    finally:
        channel.close()
        server.stop(0).wait()
