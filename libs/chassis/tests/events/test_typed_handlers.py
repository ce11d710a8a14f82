"""Typed handlers: several per event, each once; tolerant payloads; unreadable ones parked."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from _bus_helpers import publish_raw, queue_depth, wait_until
from _eventapp import NOTE_ADDED

from crm_chassis.events import Consumer, Envelope
from crm_chassis.events.dispatch import handlers_for, named_handlers
from crm_chassis.events.handlers import Delivery, Payload, on
from crm_chassis.events.topology import parking_queue


class NoteAdded(Payload):
    text: str = ""
    words: int = 0


def add_note(event: NoteAdded, delivery: Delivery, *, app, prefix: str) -> None:
    delivery.session.execute(
        app.notes.insert().values(event_id=delivery.event_id, text=f"{prefix}{event.text}")
    )


def count_words(event: NoteAdded, delivery: Delivery, *, app) -> None:
    delivery.session.execute(
        app.notes.insert().values(event_id=delivery.event_id, text=f"words:{event.words}")
    )


def _handlers(app):
    return {
        NOTE_ADDED: [on(add_note, app=app, prefix="note:"), on(count_words, app=app)],
    }


def _publish(amqp_url, exchange, data, event_id=None):
    envelope = Envelope.build(type=NOTE_ADDED, source="t", subject="n-1", data=data, id=event_id)
    publish_raw(amqp_url, exchange, envelope.type, envelope.body(), envelope.properties())
    return envelope


def _texts(db, app, event_id):
    query = sa.select(app.notes.c.text).where(app.notes.c.event_id == event_id)
    with db.reading() as session:
        return sorted(session.execute(query).scalars())


def test_handlers_of_one_event_have_their_own_inbox_names(app) -> None:
    names = [name for _, name, _ in named_handlers(_handlers(app))]
    assert names == [f"{NOTE_ADDED}#add_note", f"{NOTE_ADDED}#count_words"]
    assert [n for n, _ in handlers_for(_handlers(app), "tests.other.v1")] == []
    with pytest.raises(ValueError, match="share inbox names"):
        named_handlers({NOTE_ADDED: [on(count_words, app=app), on(count_words, app=app)]})


def test_a_handler_must_declare_what_it_reads() -> None:
    def untyped(event, delivery) -> None: ...

    with pytest.raises(TypeError, match="annotate"):
        on(untyped)


def test_two_handlers_of_one_event_each_run_once_despite_redelivery(
    db, app, amqp_url, exchange, service, running
):
    consumer = Consumer(
        service, db, amqp_url, exchange, _handlers(app), (0.2,), tables=app.tables, max_backoff=1
    )
    running(consumer)
    first = _publish(amqp_url, exchange, {"text": "hi", "words": 1, "added_later": {"x": 1}})
    _publish(amqp_url, exchange, {"text": "hi", "words": 1}, event_id=first.id)
    wait_until(lambda: len(_texts(db, app, first.id)) == 2)
    sentinel = _publish(amqp_url, exchange, {"text": "last"})
    wait_until(lambda: _texts(db, app, sentinel.id))
    assert _texts(db, app, first.id) == ["note:hi", "words:1"]


def test_a_payload_that_does_not_fit_its_reader_is_parked_at_once(
    db, app, amqp_url, exchange, service, running
):
    consumer = Consumer(
        service, db, amqp_url, exchange, _handlers(app), (5, 5), tables=app.tables, max_backoff=1
    )
    running(consumer)
    bad = _publish(amqp_url, exchange, {"text": "x", "words": "many"})
    wait_until(lambda: queue_depth(amqp_url, parking_queue(service)) == 1, timeout=8)
    assert _texts(db, app, bad.id) == []
