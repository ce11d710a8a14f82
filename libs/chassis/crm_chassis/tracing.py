"""OpenTelemetry set up once per process, with helpers to carry context over AMQP.

The exporter is chosen by the standard variables: ``OTEL_TRACES_EXPORTER`` is ``none``
(default), ``console`` or ``otlp`` (then ``OTEL_EXPORTER_OTLP_ENDPOINT`` and friends apply).
HTTP and gRPC propagation come from the instrumentation packages; AMQP has no maintained
instrumentation for our blocking pika use, so :func:`inject` / :func:`extract` put the W3C
``traceparent`` into message headers and the event envelope.
"""

from __future__ import annotations

import os
from typing import Any

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF

_provider: TracerProvider | None = None


def configure_tracing(service: str, role: str) -> None:
    """Install the tracer provider once; a no-op exporter unless OTEL_* asks for one."""
    global _provider
    if _provider is not None:
        return
    resource = Resource.create(
        {"service.name": os.environ.get("OTEL_SERVICE_NAME", f"crm-{service}"), "crm.role": role}
    )
    exporter_name = os.environ.get("OTEL_TRACES_EXPORTER", "none").strip().lower()
    if os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        exporter_name = "none"
    # With no exporter, spans are not recorded (ALWAYS_OFF): their attributes and events
    # were built on every request and SQL statement and then dropped. Trace ids still flow
    # (a non-recording span keeps the incoming trace id), so logs and traceparent carry them.
    sampler = ALWAYS_OFF if exporter_name not in ("console", "otlp") else None
    _provider = TracerProvider(resource=resource, sampler=sampler)
    if exporter_name == "console":
        _provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    elif exporter_name == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        _provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(_provider)


def tracer(name: str = "crm") -> trace.Tracer:
    """Return a tracer for manual spans."""
    return trace.get_tracer(name)


def inject(
    carrier: dict[str, Any] | None = None, ctx: context.Context | None = None
) -> dict[str, Any]:
    """Write the trace context (``traceparent``) of ``ctx`` (default: the current one)
    into a dict and return it."""
    carrier = {} if carrier is None else carrier
    propagate.inject(carrier, context=ctx)
    return carrier


def current_traceparent() -> str | None:
    """Return the W3C traceparent of the current span, if any."""
    return inject({}).get("traceparent")


def extract(carrier: dict[str, Any]) -> context.Context:
    """Build a context from headers that carry a ``traceparent``."""
    return propagate.extract({k: str(v) for k, v in carrier.items() if v is not None})
