"""The caller's trace context for a request, when this process records no spans.

With no exporter attached (crm_chassis.tracing's switch is off), OpenTelemetry's Flask
instrumentation still named a span, collected its semantic-convention attributes and timed
it for every request, only to drop it: about 120 µs of CPU a request, a tenth of a by-id
GET (tests/bench/README.md). What the suite needs from it then is only the trace id: log
lines, gRPC calls and events carry it. This keeps that part: the incoming ``traceparent``
(or a new trace) in a non-recording server span, current from before the first view hook
until the request's teardown, as the instrumentation makes it.
"""

from __future__ import annotations

from flask import Flask, g, request
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace

_tracer = trace.get_tracer("crm.http")


def propagate_trace_context(app: Flask) -> None:
    """Make the caller's trace context current for each request of ``app``."""

    @app.before_request
    def _attach() -> None:
        carrier = {k: v for k in ("traceparent", "tracestate") if (v := request.headers.get(k))}
        parent = propagate.extract(carrier)
        # The sampler is off: this builds a NonRecordingSpan, a new span id in the caller's
        # trace (or a new trace), as the instrumentation's span would have been.
        span = _tracer.start_span("HTTP", context=parent, kind=trace.SpanKind.SERVER)
        g._crm_trace_token = otel_context.attach(trace.set_span_in_context(span, parent))

    @app.teardown_request
    def _detach(_: BaseException | None) -> None:
        token = g.pop("_crm_trace_token", None)
        if token is not None:
            otel_context.detach(token)
