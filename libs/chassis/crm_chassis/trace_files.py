"""A span exporter writing one JSON line per span to a file (``CRM_TRACE_DIR``).

For the cross-service trace test and local digging without a collector: every process
writes its own file, so no two processes append to one.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult


def span_record(span: ReadableSpan) -> dict[str, Any]:
    """The fields of a span the trace test and a reader need, as plain JSON values."""
    ctx = span.get_span_context()
    parent = span.parent
    return {
        "name": span.name,
        "kind": span.kind.name,
        "trace_id": format(ctx.trace_id, "032x") if ctx else None,
        "span_id": format(ctx.span_id, "016x") if ctx else None,
        "parent_id": format(parent.span_id, "016x") if parent else None,
        "service": span.resource.attributes.get("service.name"),
        "role": span.resource.attributes.get("crm.role"),
        "start_ns": span.start_time,
        "end_ns": span.end_time,
        "status": span.status.status_code.name,
        "attributes": {k: _plain(v) for k, v in (span.attributes or {}).items()},
    }


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


class JsonLinesExporter(SpanExporter):
    """Append each exported span as one JSON line to ``<directory>/<stem>-<pid>.jsonl``.

    The process id is read at each export, not at set-up: a web role's workers are forked
    from a master that set tracing up (crm_chassis.http.serve), and each writes its own file.
    """

    def __init__(self, directory: Path, stem: str) -> None:
        self.directory, self.stem = directory, stem
        self._lock = threading.Lock()
        directory.mkdir(parents=True, exist_ok=True)
        os.register_at_fork(after_in_child=self._forget_parent_lock)

    def _forget_parent_lock(self) -> None:
        # Another thread of the parent may have held it at the fork.
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self.directory / f"{self.stem}-{os.getpid()}.jsonl"

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = "".join(json.dumps(span_record(s), default=str) + "\n" for s in spans)
        try:
            with self._lock, self.path.open("a", encoding="utf-8") as out:
                out.write(lines)
        except OSError:
            return SpanExportResult.FAILURE
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        return None
