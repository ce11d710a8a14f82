"""One trace from the request that writes an outbox row, through the relay's publish, to
the consumer's handling; and the worker's metrics counting what happened."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _bus_helpers import publish_raw, wait_until
from _eventapp import NOTE_ADDED
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from crm_chassis import tracing
from crm_chassis.events import Consumer, Envelope, Relay
from crm_chassis.events.topology import events_queue, parking_queue
from crm_chassis.ops import metrics
from crm_chassis.ops.metrics import render
from crm_chassis.ops.outbox import OutboxCollector


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Record this test's spans in memory; recording goes off again afterwards."""
    tracing.configure_tracing("tests", "worker")
    exporter = InMemorySpanExporter()
    tracing.add_exporter(exporter, batch=False)
    yield exporter
    tracing._provider.sampler.on = False  # type: ignore[union-attr]
    exporter.shutdown()


def _sample(text: str, name: str, labels: str = "") -> float:
    """The value of one series in an exposition text (0 when absent)."""
    wanted = f"{name}{{{labels}}}" if labels else name
    for line in text.splitlines():
        if line.startswith(wanted + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_request_publish_and_consume_are_one_trace(
    db, app, amqp_url, exchange, service, running, spans
):
    running(
        Consumer(
            service, db, amqp_url, exchange, {NOTE_ADDED: app.add_note}, (0.2,), tables=app.tables
        )
    )
    with tracing.tracer("tests").start_as_current_span("POST /notes") as request:
        with db.transaction() as session:
            written = app.outbox().add(session, type=NOTE_ADDED, subject="n-1", data={"text": "x"})
    running(Relay(db, amqp_url, exchange, tables=app.tables, poll_seconds=0.05))
    wait_until(lambda: app.notes_for(db, written.id))

    def named(name: str):
        wait_until(lambda: any(s.name == name for s in spans.get_finished_spans()))
        return next(s for s in spans.get_finished_spans() if s.name == name)

    publish = named(f"{NOTE_ADDED} publish")
    process = named(f"{NOTE_ADDED} process")
    trace_id = request.get_span_context().trace_id
    assert {publish.context.trace_id, process.context.trace_id} == {trace_id}
    assert publish.parent.span_id == request.get_span_context().span_id
    assert process.parent.span_id == publish.context.span_id


def test_the_worker_counts_deliveries_retries_parked_and_the_backlog(
    db, app, amqp_url, exchange, service, running, monkeypatch
):
    monkeypatch.setattr(metrics, "QUEUE_DEPTH_EVERY", 0.2)

    def fail(session, envelope):
        raise RuntimeError("always")

    queue = events_queue(service)
    before = render()[0].decode()
    running(
        Consumer(service, db, amqp_url, exchange, {NOTE_ADDED: fail}, (0.1,), tables=app.tables)
    )
    note = Envelope.build(type=NOTE_ADDED, source="tests", subject="n-1", data={"text": "x"})
    publish_raw(amqp_url, exchange, note.type, note.body(), note.properties())

    label = f'queue="{queue}"'

    def grew(name: str) -> bool:
        now = render()[0].decode()
        return _sample(now, name, label) > _sample(before, name, label)

    wait_until(lambda: grew("crm_events_parked_total"), timeout=15)
    assert grew("crm_events_deliveries_total") and grew("crm_events_retries_total")
    # The parked message waits in the parking queue: its depth shows it.
    parking = f'queue="{parking_queue(service)}"'
    wait_until(lambda: _sample(render()[0].decode(), "crm_events_queue_depth", parking) == 1)
    assert _sample(render()[0].decode(), "crm_events_queue_depth", label) == 0

    with db.transaction() as session:
        app.outbox().add(session, type=NOTE_ADDED, subject="n-2", data={"text": "y"})
    text = render([OutboxCollector(db, app.tables.outbox)])[0].decode()
    assert _sample(text, "crm_outbox_backlog") == 1
    assert _sample(text, "crm_outbox_oldest_age_seconds") >= 0
    assert "crm_db_pool_in_use" in text
