"""Without an exporter no span is recorded, yet the trace id still flows (logs, traceparent)."""

from __future__ import annotations

import pytest
from opentelemetry import propagate, trace
from opentelemetry.sdk.trace.export import ConsoleSpanExporter

from crm_chassis import tracing

INCOMING = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@pytest.fixture
def fresh_provider(monkeypatch: pytest.MonkeyPatch):
    # configure_tracing installs one provider per process; give it a clean slate and keep
    # the process-wide one untouched.
    monkeypatch.setattr(tracing, "_provider", None)
    monkeypatch.setattr(trace, "set_tracer_provider", lambda _: None)
    monkeypatch.delenv("OTEL_SDK_DISABLED", raising=False)
    return monkeypatch


def _span_under_incoming_trace():
    tracer = tracing._provider.get_tracer("test")
    parent = propagate.extract({"traceparent": INCOMING})
    return tracer.start_as_current_span("request", context=parent)


def test_no_exporter_records_nothing_but_keeps_the_trace_id(fresh_provider) -> None:
    fresh_provider.setenv("OTEL_TRACES_EXPORTER", "none")
    tracing.configure_tracing("probe", "web")
    with _span_under_incoming_trace() as span:
        carrier: dict[str, str] = {}
        propagate.inject(carrier, context=trace.set_span_in_context(span))
    assert not span.is_recording()
    assert carrier["traceparent"].split("-")[1] == INCOMING.split("-")[1]


def test_an_exporter_records_spans(fresh_provider) -> None:
    fresh_provider.setenv("OTEL_TRACES_EXPORTER", "console")
    tracing.configure_tracing("probe", "web")
    with _span_under_incoming_trace() as span:
        assert span.is_recording()
    tracing._provider.shutdown()


def test_the_configured_sampler_decides_once_recording(fresh_provider) -> None:
    # Production samples a ratio of new traces (OTEL_TRACES_SAMPLER); 0 records none.
    fresh_provider.setenv("OTEL_TRACES_EXPORTER", "console")
    fresh_provider.setenv("OTEL_TRACES_SAMPLER", "traceidratio")
    fresh_provider.setenv("OTEL_TRACES_SAMPLER_ARG", "0")
    tracing.configure_tracing("probe", "web")
    with tracing._provider.get_tracer("test").start_as_current_span("new trace") as span:
        assert not span.is_recording()
    tracing._provider.shutdown()


def test_an_otlp_endpoint_alone_means_otlp(fresh_provider) -> None:
    fresh_provider.delenv("OTEL_TRACES_EXPORTER", raising=False)
    fresh_provider.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")
    assert tracing._exporter_name() == "otlp"
    fresh_provider.setenv("OTEL_TRACES_EXPORTER", "none")
    assert tracing._exporter_name() == "none"


def test_per_statement_instrumentation_waits_for_an_exporter(fresh_provider) -> None:
    fresh_provider.setattr(tracing, "_on_recording", [])
    fresh_provider.setenv("OTEL_TRACES_EXPORTER", "none")
    tracing.configure_tracing("probe", "web")
    done: list[str] = []
    tracing.when_recording(lambda: done.append("instrumented"))
    assert done == []
    tracing.add_exporter(ConsoleSpanExporter(), batch=False)
    assert done == ["instrumented"]
    tracing.when_recording(lambda: done.append("at once"))
    assert done == ["instrumented", "at once"]
    tracing._provider.shutdown()
