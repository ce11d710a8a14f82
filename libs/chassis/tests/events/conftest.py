"""Fixtures for the event-bus tests: a fresh RabbitMQ vhost and database per session.

The database is a SQLite file per test by default; with ``CRM_TEST_DATABASE_URL_BASE``
(``postgresql+psycopg://postgres@127.0.0.1:5432``) a fresh PostgreSQL database is created
for the session, its tables recreated per test, and dropped at the end.
"""

from __future__ import annotations

import os
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from crm_chassis.db.engine import Database
from crm_chassis.testing.broker import create_vhost, delete_vhost

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from _bus_helpers import Tap  # noqa: E402
from _eventapp import App  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "broker_restart: stops and restarts the shared RabbitMQ (deselect to skip)"
    )


@pytest.fixture(scope="session")
def amqp_url() -> Iterator[str]:
    name, url = create_vhost("crm-events-test")
    try:
        yield url
    finally:
        delete_vhost(name)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str | None]:
    base = os.environ.get("CRM_TEST_DATABASE_URL_BASE")
    if not base:
        yield None
        return
    name = f"crm_events_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def app() -> App:
    return App()


@pytest.fixture
def db_url(pg_url: str | None, tmp_path: Path, app: App) -> Iterator[str]:
    if pg_url is None:
        url = f"sqlite:///{tmp_path / 'service.db'}"
    else:
        url = pg_url
    engine = sa.create_engine(url)
    app.metadata.drop_all(engine)
    app.metadata.create_all(engine)
    engine.dispose()
    yield url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def exchange() -> str:
    return f"crm.events.test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def service() -> str:
    return f"svc{uuid.uuid4().hex[:8]}"


@pytest.fixture
def running() -> Iterator[Callable[[Any], Any]]:
    """Start a Relay or Consumer in a thread; stop and join it after the test."""
    started: list[tuple[Any, threading.Thread]] = []

    def start(part: Any) -> Any:
        thread = threading.Thread(target=part.run, daemon=True)
        thread.start()
        started.append((part, thread))
        ready = getattr(part, "ready", None)
        if ready is not None:
            assert ready.wait(15), "consumer did not start consuming"
        return part

    yield start
    for part, _ in started:
        part.stop()
    for _, thread in started:
        thread.join(30)
        assert not thread.is_alive(), "a relay/consumer thread did not stop"


@pytest.fixture
def tap(amqp_url: str, exchange: str) -> Iterator[Callable[..., Tap]]:
    taps: list[Tap] = []

    def make(key: str = "#") -> Tap:
        taps.append(Tap(amqp_url, exchange, key))
        return taps[-1]

    yield make
    for t in taps:
        t.close()
