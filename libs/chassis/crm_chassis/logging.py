"""structlog JSON logging: every line carries service, role, trace id and correlation id."""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog
from opentelemetry import trace

_configured = False


def _add_trace_ids(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    ctx = trace.get_current_span().get_span_context()
    if ctx.is_valid:
        event.setdefault("trace_id", format(ctx.trace_id, "032x"))
        event.setdefault("span_id", format(ctx.span_id, "016x"))
    return event


def configure_logging(service: str, role: str, level: str = "INFO") -> None:
    """Route stdlib and structlog records to one JSON line each on stderr."""
    global _configured
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(service=service, role=role)
    if _configured:
        return
    _configured = True
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_trace_ids,
    ]
    structlog.configure(
        processors=[
            *shared,
            structlog.processors.format_exc_info,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder()],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # pika and the werkzeug dev server are chatty at INFO; their warnings still show.
    for noisy in ("pika", "werkzeug", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def bind(**values: Any) -> None:
    """Bind key-values (correlation id, principal) to every line logged in this context."""
    structlog.contextvars.bind_contextvars(**values)


def unbind(*keys: str) -> None:
    """Remove keys bound with :func:`bind`."""
    structlog.contextvars.unbind_contextvars(*keys)


def get_logger(name: str | None = None) -> Any:
    """Return a structlog logger."""
    return structlog.get_logger(name)
