"""status's outbox backlog and ``events republish`` on a service's real outbox table."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm_chassis.events.schema import add_event_tables
from crm_ops import outbox

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def contacts_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A contacts database with three outbox rows: two published, one waiting 90 s."""
    url = f"sqlite:///{tmp_path / 'contacts.db'}"
    metadata = sa.MetaData()
    tables = add_event_tables(metadata)
    engine = sa.create_engine(url)
    metadata.create_all(engine)
    rows = [
        ("e-1", NOW - timedelta(seconds=300), NOW - timedelta(seconds=299)),
        ("e-2", NOW - timedelta(seconds=200), NOW - timedelta(seconds=199)),
        ("e-3", NOW - timedelta(seconds=90), None),
    ]
    with engine.begin() as conn:
        for event_id, created, published in rows:
            conn.execute(
                tables.outbox.insert().values(
                    id=event_id,
                    type="contacts.account.created.v1",
                    subject="a-1",
                    body="{}",
                    created_at=created,
                    published_at=published,
                    attempts=1,
                )
            )
    engine.dispose()
    monkeypatch.setenv("CONTACTS_DATABASE_URL", url)
    return url


def _unpublished(url: str) -> set[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(sa.text("SELECT id FROM outbox WHERE published_at IS NULL"))
        ids = {row[0] for row in found}
    engine.dispose()
    return ids


def test_the_backlog_counts_unpublished_rows_and_the_oldest_age(contacts_db: str) -> None:
    found = outbox.backlog(contacts_db, now=NOW)
    assert (found.unpublished, found.oldest_age_seconds, found.failing) == (1, 90.0, 0)


def test_republish_asks_then_marks_the_row_unpublished(run, contacts_db: str) -> None:
    refused = run("events", "republish", "e-1", "--service", "contacts", input="n\n")
    assert refused.exit_code == 1 and "Aborted" in refused.output
    assert _unpublished(contacts_db) == {"e-3"}

    done = run("--json", "events", "republish", "e-1", "--service", "contacts", "--yes")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == {
        "republished": "e-1",
        "type": "contacts.account.created.v1",
    }
    assert _unpublished(contacts_db) == {"e-1", "e-3"}


def test_republishing_an_unknown_event_says_so(run, contacts_db: str) -> None:
    result = run("events", "republish", "nope", "--service", "contacts", "--yes")
    assert result.exit_code == 1
    assert "no outbox event nope in contacts" in result.output
    assert _unpublished(contacts_db) == {"e-3"}


def test_status_reports_backlog_and_down_roles(run, contacts_db: str, monkeypatch) -> None:
    # Nothing listens on port 1: every web and gRPC role is down, the broker unreachable.
    for service in ("identity", "contacts", "sales", "billing", "support", "marketing"):
        monkeypatch.setenv(f"{service.upper()}_GRPC_PORT", "1")
        monkeypatch.setenv(f"{service.upper()}_AMQP_URL", "amqp://guest:guest@127.0.0.1:1/%2F")
    result = run("--json", "status", "--gateway", "http://127.0.0.1:1")
    assert result.exit_code == 1
    docs = {d["service"]: d for d in json.loads(result.stdout)}
    assert set(docs) == {"identity", "contacts", "sales", "billing", "support", "marketing"}
    contacts = docs["contacts"]
    assert (contacts["web"], contacts["grpc"], contacts["outbox_backlog"]) == ("down", "down", 1)
    assert (contacts["parked"], contacts["parked_error"]) == (None, "broker unreachable")
    # A service never migrated here: said, and no empty database file made for it.
    assert docs["sales"]["outbox_error"] == "no database (not migrated?)"
    assert not (Path(contacts_db.removeprefix("sqlite:///")).parent / "sales.db").exists()
