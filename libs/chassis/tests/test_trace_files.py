"""The JSON-lines span exporter writes one file per process, named when it exports."""

from __future__ import annotations

import json
import os
from pathlib import Path

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor

from crm_chassis.trace_files import JsonLinesExporter


def test_a_forked_child_writes_its_own_file(tmp_path: Path) -> None:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(JsonLinesExporter(tmp_path, "svc-web")))
    tracer = provider.get_tracer("t")
    with tracer.start_as_current_span("in-parent"):
        pass
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        with tracer.start_as_current_span("in-child"):
            pass
        os._exit(0)
    os.waitpid(pid, 0)
    files = {
        p.name: [json.loads(line)["name"] for line in p.read_text().splitlines()]
        for p in tmp_path.glob("*.jsonl")
    }
    assert files == {
        f"svc-web-{os.getpid()}.jsonl": ["in-parent"],
        f"svc-web-{pid}.jsonl": ["in-child"],
    }
