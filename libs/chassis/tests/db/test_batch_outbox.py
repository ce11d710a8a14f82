"""A batch of events reaches the outbox in one set-at-a-time insert, in the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa

from crm_chassis import context
from crm_chassis.db import Database
from crm_chassis.events import add_event_tables
from crm_chassis.events.outbox import Outbox, OutboxRecorder, OutgoingEvent

metadata = sa.MetaData()
tables = add_event_tables(metadata)


@pytest.fixture
def db(database_url: Callable[[str], str]) -> Iterator[Database]:
    database = Database(database_url("outbox"))
    metadata.create_all(database.engine)
    yield database
    database.engine.dispose()


def _rows(db: Database) -> list[dict]:
    with db.reading() as session:
        rows = session.execute(sa.select(tables.outbox).order_by(tables.outbox.c.subject))
        return [dict(r._mapping) for r in rows]


def test_many_events_are_written_in_one_insert_with_the_context_ids(db: Database) -> None:
    context.set_correlation("corr-1", "cause-1")
    try:
        with db.transaction() as session:
            written = Outbox("tests", tables).add_many(
                session,
                [OutgoingEvent("tests.thing.added.v1", f"s{i}", {"n": i}) for i in range(3)],
            )
    finally:
        context.clear()
    rows = _rows(db)
    assert [r["subject"] for r in rows] == ["s0", "s1", "s2"]
    assert {r["id"] for r in rows} == {e.id for e in written}
    body = json.loads(rows[1]["body"])
    assert (body["data"], body["correlation_id"], body["causation_id"]) == (
        {"n": 1},
        "corr-1",
        "cause-1",
    )


def test_the_recorder_translates_and_keeps_internal_events_inside(db: Database) -> None:
    def translate(event: str) -> OutgoingEvent | None:
        return None if event.startswith("internal") else OutgoingEvent("t.e.x.v1", event, {})

    recorder = OutboxRecorder(Outbox("tests", tables), translate)
    with db.transaction() as session:
        recorder(session, "one")
        recorder(session, "internal-1")
        recorder.record_many(session, ["two", "internal-2", "three"])
    assert [r["subject"] for r in _rows(db)] == ["one", "three", "two"]
    with pytest.raises(RuntimeError), db.transaction() as session:
        recorder.record_many(session, ["four"])
        raise RuntimeError("rolled back with the change it describes")
    assert len(_rows(db)) == 3
