"""structlog logging: every line carries service, role, trace id and correlation id.

One JSON line per event, or one readable line per event (structlog's ConsoleRenderer) when
``CRM_LOG_FORMAT=console``, or when the variable is unset and stderr is a terminal.
Containers set ``CRM_LOG_FORMAT=json``; ``make up`` sets ``console`` when its own output is a
terminal (honcho pipes the processes' output, so they cannot tell). Secrets are cut out of
every line, whatever logged them (:mod:`crm_chassis.log_redaction`).
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
import time
from typing import Any

import structlog
from opentelemetry import trace

from crm_chassis.log_redaction import redact_secrets

_configured = False
# The writer's pause between writes under load (see LineWriterHandler._write_forever).
WRITE_EVERY_SECONDS = 0.005


def _add_trace_ids(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    ctx = trace.get_current_span().get_span_context()
    if ctx.is_valid:
        event.setdefault("trace_id", format(ctx.trace_id, "032x"))
        event.setdefault("span_id", format(ctx.span_id, "016x"))
    return event


def log_format() -> str:
    """``json`` or ``console``: CRM_LOG_FORMAT, else console on a terminal, else json."""
    wanted = os.environ.get("CRM_LOG_FORMAT", "").strip().lower()
    if wanted in ("json", "console"):
        return wanted
    return "console" if _isatty(sys.stderr) else "json"


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed stream
        return False


def _drop_console_noise(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    # The process name (honcho's prefix) already says service and role on a terminal.
    for key in ("service", "role", "span_id"):
        event.pop(key, None)
    return event


def _renderer(fmt: str) -> list[Any]:
    if fmt == "console":
        colors = _isatty(sys.stderr) or os.environ.get("CRM_LOG_COLOR") == "1"
        return [_drop_console_noise, structlog.dev.ConsoleRenderer(colors=colors)]
    return [structlog.processors.JSONRenderer()]


def configure_logging(service: str, role: str, level: str = "INFO") -> None:
    """Route stdlib and structlog records to one line each on stderr (JSON or console)."""
    global _configured
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(service=service, role=role)
    if _configured:
        return
    _configured = True
    fmt = log_format()
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(
            fmt="iso" if fmt == "json" else "%H:%M:%S", utc=fmt == "json"
        ),
        _add_trace_ids,
    ]
    handler = LineWriterHandler()
    last = [
        structlog.processors.format_exc_info,
        # Last before rendering: exceptions' text is scrubbed too.
        redact_secrets,
        *_renderer(fmt),
    ]
    # structlog's own events (every line the suite logs) are rendered by structlog and handed
    # straight to the writer: through the stdlib (a LogRecord, the logger tree, a handler, a
    # formatter around the same processors) the access line alone was 12 % of a loaded
    # contacts-web's GIL samples (py-spy, tests/bench/README.md). Levels below ``level``
    # are no-op methods. Other libraries' stdlib records keep the stdlib path below.
    structlog.configure(
        processors=[*shared, *last],
        logger_factory=lambda *_: _WriterLogger(handler),
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder()],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *last],
    )
    # No line shows where it was logged from (the renderers print the event dict), so the
    # stdlib need not walk the stack for the caller of every record (the logging HOWTO's
    # "Optimization": 3 % of a loaded contacts-web's GIL samples, in findCaller).
    logging._srcfile = None
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # pika and the werkzeug dev server are chatty at INFO; their warnings still show.
    for noisy in ("pika", "werkzeug", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class _WriterLogger:
    """structlog's output for the suite's own events: the rendered line, to the writer."""

    def __init__(self, handler: LineWriterHandler) -> None:
        self._handler = handler

    def msg(self, line: str) -> None:
        self._handler.write_line(line)

    debug = info = warning = warn = error = critical = exception = fatal = log = msg


class LineWriterHandler(logging.Handler):
    """One line per record on stderr, formatted by the caller, written by one thread.

    Why: the stdlib handler formats and writes under one lock, so the 8 threads of a web
    worker queue behind each other (py-spy, GIL view: ``Handler.release`` 15 % of a loaded
    worker). Here the caller formats (in its own context: correlation and trace ids) without
    a lock, and a writer thread per process writes whatever has piled up in one call.
    :meth:`flush` waits until all is written (``logging.shutdown`` calls it at exit).
    """

    def __init__(self) -> None:
        super().__init__()
        # Lines, and the events of flush() calls waiting for what was queued before them.
        self._queue: queue.SimpleQueue[str | threading.Event] = queue.SimpleQueue()
        self._pid: int | None = None
        self._starting = threading.Lock()
        # The parent's writer may hold the lock at the fork: the child needs its own.
        os.register_at_fork(after_in_child=self._forget_parent)

    def _forget_parent(self) -> None:
        self._starting, self._pid = threading.Lock(), None

    def handle(self, record: logging.LogRecord) -> logging.LogRecord | bool:
        # No handler lock: formatting touches only the record, and the queue is thread-safe.
        rv = self.filter(record)
        if rv:
            self.emit(record if isinstance(rv, bool) else rv)
        return rv

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # noqa: BLE001 - the stdlib's way: report, never raise
            self.handleError(record)
            return
        self.write_line(line)

    def write_line(self, line: str) -> None:
        """Hand one formatted line to this process's writer thread."""
        if self._pid != os.getpid():
            self._start_writer()
        # Only the queue's own lock: a count of pending lines under a condition, taken on
        # every line, was the top self frame of a loaded worker's GIL samples after the
        # stdlib handler's lock went (py-spy, sales-web creating leads: 4.8 %).
        self._queue.put(line)

    def _start_writer(self) -> None:
        with self._starting:
            if self._pid == os.getpid():
                return
            # A forked worker starts its own writer (threads do not survive a fork).
            self._queue, self._pid = queue.SimpleQueue(), os.getpid()
            threading.Thread(target=self._write_forever, name="log-writer", daemon=True).start()

    def _write_forever(self) -> None:
        items = self._queue
        while True:
            lines: list[str] = []
            waiting: list[threading.Event] = []
            item = items.get()
            while True:
                if isinstance(item, threading.Event):
                    waiting.append(item)
                else:
                    lines.append(item)
                if len(lines) >= 1000:
                    break
                try:
                    item = items.get_nowait()
                except queue.Empty:
                    break
            if lines:
                try:
                    sys.stderr.write("\n".join(lines) + "\n")
                    sys.stderr.flush()
                except (OSError, ValueError):  # stderr closed at exit: nothing to write to
                    pass
            for event in waiting:
                event.set()
            # Let lines pile up for a moment: while the writer sleeps, nobody waits on the
            # queue, so a put does not wake a thread (a futex call per line, 8 % of a loaded
            # contacts-web's GIL samples on the put); an idle writer blocks in get() again.
            time.sleep(WRITE_EVERY_SECONDS)

    def flush(self) -> None:
        """Return once every line handed over so far is written (or after 5 s)."""
        if self._pid != os.getpid():
            return
        written = threading.Event()
        self._queue.put(written)
        written.wait(timeout=5)


def bind(**values: Any) -> None:
    """Bind key-values (correlation id, principal) to every line logged in this context."""
    structlog.contextvars.bind_contextvars(**values)


def unbind(*keys: str) -> None:
    """Remove keys bound with :func:`bind`."""
    structlog.contextvars.unbind_contextvars(*keys)


def get_logger(name: str | None = None) -> Any:
    """Return a structlog logger."""
    return structlog.get_logger(name)
