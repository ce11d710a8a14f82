"""`make bench --quick` keeps working: every scenario produces numbers (never asserts times).

Not part of `make test` (the CI time budget): it is skipped unless ``CRM_RUN_BENCH=1``:

    CRM_RUN_BENCH=1 .venv/bin/pytest -q tests/bench/test_bench_quick.py

Needs RabbitMQ (scripts/ensure_rabbitmq.sh), PostgreSQL and Traefik, like `make bench`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("CRM_RUN_BENCH") != "1", reason="benchmarks run only with CRM_RUN_BENCH=1"
    ),
    # The run (the fixture) counts against its first test: above the subprocess's budget.
    pytest.mark.timeout(450),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    cmd = [sys.executable, str(HERE / "bench_suite.py"), "--quick", "--json", str(out)]
    cmd += ["--services", "identity,contacts,sales", "--duration", "1"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=400)
    assert out.is_file(), done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(out.read_text())


def test_every_group_produced_numbers_and_no_group_failed(report: dict) -> None:
    rows = report["rows"]
    assert not [r["scenario"] for r in rows if r.get("error")]
    assert {r["group"] for r in rows} == {"rest", "grpc", "events", "scale", "import"}
    for row in rows:
        assert isinstance(row["ours"], int | float) and row["ours"] > 0, row
        if row["baseline"] is not None:
            assert row["baseline"] > 0 and row["ratio"] is not None, row


def test_rest_and_memory_cover_every_role_and_the_machine_is_printed(report: dict) -> None:
    by_name = {r["scenario"]: r for r in report["rows"]}
    assert any(n.startswith("REST GET") for n in by_name)
    assert any(n.startswith("REST POST") for n in by_name)
    assert any(n.startswith("REST list") for n in by_name)
    idle = next(r["detail"] for n, r in by_name.items() if n.startswith("RSS idle"))
    for role in ("identity-web", "contacts-grpc", "sales-worker", "gateway (traefik)"):
        assert idle[role] > 0, role
    machine = report["machine"]
    assert machine["cores"] and machine["python"] and machine["SQLAlchemy"]
