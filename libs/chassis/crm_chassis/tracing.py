"""OpenTelemetry set up once per process, with helpers to carry context over AMQP.

The exporter is chosen by the standard variables: ``OTEL_TRACES_EXPORTER`` is ``none``,
``console`` or ``otlp`` (then ``OTEL_EXPORTER_OTLP_ENDPOINT`` and friends apply; a set
endpoint alone means ``otlp``); ``CRM_TRACE_DIR`` adds JSON-lines files.
HTTP and gRPC propagation come from the instrumentation packages; AMQP has no maintained
instrumentation for our blocking pika use, so :func:`inject` / :func:`extract` put the W3C
``traceparent`` into message headers and the event envelope.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
    SpanExporter,
)
from opentelemetry.sdk.trace.sampling import (
    ALWAYS_OFF,
    Sampler,
    SamplingResult,
)

_provider: TracerProvider | None = None
# What to instrument once spans are recorded (an exporter attached): see when_recording.
_on_recording: list[Callable[[], None]] = []


class _Switch(Sampler):
    """Records (parent-based) once an exporter is attached; until then records nothing.

    With no exporter, recording spans built attributes and events on every request and SQL
    statement only to drop them (the perf work found this). Trace ids still flow: a
    non-recording span keeps the incoming trace id, so logs and traceparent carry them.
    An exporter attached later (:func:`add_exporter`, tests) turns recording on.
    """

    def __init__(self) -> None:
        self.on = False
        # Once on, the sampler of OTEL_TRACES_SAMPLER(_ARG) (production: parent-based ratio),
        # as a provider without a sampler of its own would choose; default parent-based on.
        self._record = TracerProvider(shutdown_on_exit=False).sampler

    def should_sample(self, *args: Any, **kwargs: Any) -> SamplingResult:
        return (self._record if self.on else ALWAYS_OFF).should_sample(*args, **kwargs)

    def get_description(self) -> str:
        return f"Switch(on={self.on})"


def _exporter_name() -> str:
    if os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return "none"
    name = os.environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if not name:
        endpoint = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get(
            "OTEL_EXPORTER_OTLP_ENDPOINT"
        )
        name = "otlp" if endpoint else "none"
    return name


def configure_tracing(service: str, role: str) -> None:
    """Install the tracer provider once, exporting where the environment says.

    OTLP when ``OTEL_TRACES_EXPORTER=otlp`` or an ``OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT``
    is set; the console when ``OTEL_TRACES_EXPORTER=console``; JSON lines under
    ``CRM_TRACE_DIR`` (one file per process, for tests and local digging) when set.
    """
    global _provider
    if _provider is not None:
        return
    resource = Resource.create(
        {"service.name": os.environ.get("OTEL_SERVICE_NAME", f"crm-{service}"), "crm.role": role}
    )
    _provider = TracerProvider(resource=resource, sampler=_Switch())
    exporter_name = _exporter_name()
    if exporter_name == "console":
        add_exporter(ConsoleSpanExporter())
    elif exporter_name == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        add_exporter(OTLPSpanExporter())
    trace_dir = os.environ.get("CRM_TRACE_DIR")
    if trace_dir:
        from crm_chassis.trace_files import JsonLinesExporter

        add_exporter(JsonLinesExporter(Path(trace_dir), f"{service}-{role}"), batch=False)
    trace.set_tracer_provider(_provider)


def add_exporter(exporter: SpanExporter, *, batch: bool = True) -> None:
    """Export this process's spans to ``exporter`` too, and start recording them.

    ``batch=False`` exports each span as it ends (tests read them at once).
    """
    if _provider is None:
        raise RuntimeError("configure_tracing() first")
    processor = BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter)
    _provider.add_span_processor(processor)
    sampler = _provider.sampler
    if isinstance(sampler, _Switch):
        sampler.on = True
    while _on_recording:
        _on_recording.pop(0)()


def recording() -> bool:
    """True when this process records spans (an exporter is attached, or tracing is not
    configured by the chassis and the global provider decides)."""
    if _provider is None:
        return True
    sampler = _provider.sampler
    return not isinstance(sampler, _Switch) or sampler.on


def when_recording(instrument: Callable[[], None]) -> None:
    """Run ``instrument`` now if spans are recorded, else once an exporter is attached.

    Per-statement instrumentation (SQLAlchemy's) costs a listener call, a span name and a
    sampling decision on every statement even when nothing records: a few per cent of a
    write request's CPU (py-spy, GIL view of sales-web creating leads).
    """
    if recording():
        instrument()
    else:
        _on_recording.append(instrument)


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
