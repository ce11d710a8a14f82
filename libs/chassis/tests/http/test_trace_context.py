"""With no span recorded, a request still runs in its caller's trace (logs, calls, events)."""

from __future__ import annotations

import pytest
from flask import Flask
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF

from crm_chassis.http import trace_context

INCOMING = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch):
    # The chassis' provider with its switch off samples nothing, like ALWAYS_OFF.
    monkeypatch.setattr(
        trace_context, "_tracer", TracerProvider(sampler=ALWAYS_OFF).get_tracer("test")
    )
    app = Flask("probe")
    trace_context.propagate_trace_context(app)

    @app.get("/ids")
    def ids() -> dict[str, object]:
        span = trace.get_current_span()
        ctx = span.get_span_context()
        return {
            "trace_id": format(ctx.trace_id, "032x"),
            "span_id": format(ctx.span_id, "016x"),
            "valid": ctx.is_valid,
            "recording": span.is_recording(),
        }

    return app.test_client()


def test_the_callers_trace_id_is_current_in_a_new_non_recording_span(client) -> None:
    got = client.get("/ids", headers={"traceparent": INCOMING}).get_json()
    assert got["valid"] and not got["recording"]
    assert got["trace_id"] == INCOMING.split("-")[1]
    assert got["span_id"] != INCOMING.split("-")[2]  # the server's own span, as before
    assert not trace.get_current_span().get_span_context().is_valid  # detached after


def test_a_request_without_traceparent_starts_a_trace_of_its_own(client) -> None:
    first = client.get("/ids").get_json()
    second = client.get("/ids").get_json()
    assert first["valid"] and second["valid"]
    assert first["trace_id"] != second["trace_id"]
