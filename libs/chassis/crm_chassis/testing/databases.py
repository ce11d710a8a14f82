"""Fresh databases for tests: a SQLite file, or a new PostgreSQL database when asked.

Set ``CRM_TEST_DATABASE_URL_BASE`` (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432``)
to run against PostgreSQL; every call then creates a uniquely named database and the
caller drops it with :func:`drop_database`. :func:`clone_database` copies a migrated
template database, which PostgreSQL does in a fraction of the time migrating takes.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import sqlalchemy as sa

ENV = "CRM_TEST_DATABASE_URL_BASE"


def postgres_base() -> str | None:
    return os.environ.get(ENV) or None


def new_database_url(name: str, tmp_dir: Path) -> str:
    """Return the URL of a new, empty database named after ``name``."""
    base = postgres_base()
    if base is None:
        return f"sqlite:///{tmp_dir / (name + '-' + uuid.uuid4().hex[:8] + '.db')}"
    db_name = f"crm_test_{name}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{db_name}"')
    admin.dispose()
    return f"{base}/{db_name}"


def clone_database(name: str, template_url: str) -> str:
    """A new PostgreSQL database copied from ``template_url`` (no one may be connected to it)."""
    base, _, template = template_url.rpartition("/")
    db_name = f"crm_test_{name}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{db_name}" TEMPLATE "{template}"')
        # A test database is thrown away at the end of its test: waiting for every commit's
        # WAL flush buys nothing there, and was most of the PostgreSQL pass's time.
        conn.exec_driver_sql(f'ALTER DATABASE "{db_name}" SET synchronous_commit = off')
    admin.dispose()
    return f"{base}/{db_name}"


def drop_database(url: str) -> None:
    """Drop a database made by :func:`new_database_url` (SQLite files go with tmp dirs)."""
    if not url.startswith("postgresql"):
        return
    base, _, db_name = url.rpartition("/")
    admin = sa.create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    admin.dispose()
