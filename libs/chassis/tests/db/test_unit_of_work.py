"""The generic unit of work: events of touched aggregates reach the recorder inside the
transaction, in order, and a failed use case leaves nothing written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_chassis.db import Database
from crm_chassis.db.unit_of_work import EventSource, UnitOfWork, UnitOfWorkFactory

metadata = sa.MetaData()
recorded = sa.Table("recorded", metadata, sa.Column("name", sa.String, primary_key=True))


@dataclass
class Thing:
    events: list[str] = field(default_factory=list)


class Things:
    def __init__(self) -> None:
        self.seen: list[Thing] = []


class ThingsWork(UnitOfWork):
    def __init__(self, session: Session, record: Callable[[Session, Any], None]) -> None:
        super().__init__(session, record)
        self.things = Things()
        self.quiet = Things()

    def event_sources(self) -> Iterable[EventSource]:
        return (self.things,)


class ThingsWorkFactory(UnitOfWorkFactory[ThingsWork]):
    unit = ThingsWork


def record(session: Session, event: Any) -> None:
    session.execute(recorded.insert().values(name=event))


@pytest.fixture
def db(database_url: Callable[[str], str]) -> Iterator[Database]:
    database = Database(database_url("uow"))
    metadata.create_all(database.engine)
    yield database
    database.engine.dispose()


def names(db: Database) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(sa.select(recorded.c.name).order_by(recorded.c.name)))


def test_events_of_touched_aggregates_are_recorded_with_the_change(db: Database) -> None:
    with ThingsWorkFactory(db, record)() as uow:
        assert isinstance(uow, ThingsWork)
        uow.things.seen.append(Thing(["a.created", "b.updated"]))
        uow.quiet.seen.append(Thing(["not.a.source"]))
    assert names(db) == ["a.created", "b.updated"]


def test_a_failed_use_case_records_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), ThingsWorkFactory(db, record)() as uow:
        uow.things.seen.append(Thing(["lost"]))
        raise RuntimeError("use case failed")
    assert names(db) == []


def test_within_records_into_the_callers_transaction(db: Database) -> None:
    thing = Thing(["inside"])
    with db.transaction() as session, ThingsWorkFactory(db, record).within(session) as uow:
        uow.things.seen.append(thing)
    assert names(db) == ["inside"]
    assert thing.events == []


def test_units_joining_another_transaction_commit_or_roll_back_with_it(db: Database) -> None:
    factory = ThingsWorkFactory(db, record)
    with pytest.raises(RuntimeError), db.transaction() as session:
        joined = factory.joining(session)
        with joined() as uow:
            thing = Thing(events=["joined-a"])
            uow.things.seen.append(thing)
        assert names(db) == []  # not committed by the unit itself
        raise RuntimeError("the owner of the transaction fails")
    assert names(db) == []
    with db.transaction() as session, factory.joining(session)() as uow:
        uow.things.seen.append(Thing(events=["joined-b"]))
    assert names(db) == ["joined-b"]


class BatchRecorder:
    """A recorder that can write a batch: the unit of work hands it every event at once."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def __call__(self, session: Session, event: Any) -> None:
        self.batches.append([event])
        record(session, event)

    def record_many(self, session: Session, events: list[Any]) -> None:
        self.batches.append(list(events))
        for event in events:
            record(session, event)


def test_a_recorder_that_writes_batches_gets_every_event_of_the_unit_at_once(
    db: Database,
) -> None:
    recorder = BatchRecorder()
    factory = ThingsWorkFactory(db, recorder)
    with factory() as uow:
        uow.things.seen.extend([Thing(events=["b1", "b2"]), Thing(events=["b3"])])
    with factory() as uow:
        uow.things.seen.append(Thing(events=["single"]))
    assert recorder.batches == [["b1", "b2", "b3"], ["single"]]
    assert names(db) == ["b1", "b2", "b3", "single"]


def test_a_reading_unit_sees_committed_rows_and_refuses_to_record_events(db: Database) -> None:
    factory = ThingsWorkFactory(db, record)
    with factory() as uow:
        uow.things.seen.append(Thing(events=["kept"]))
    with factory.reading() as uow:
        assert uow.session.scalars(sa.select(recorded.c.name)).all() == ["kept"]
    with pytest.raises(RuntimeError, match="read-only"), factory.reading() as uow:
        uow.things.seen.append(Thing(events=["lost"]))
    assert names(db) == ["kept"]
