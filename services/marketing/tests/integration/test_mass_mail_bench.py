"""The mass-mail benchmark runs end to end on a few recipients (correctness only: tests
never assert on time): every message reaches the sink, the send list ends all sent."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[4] / "tests" / "bench" / "bench_mass_mail.py"


def test_the_benchmark_sends_each_recipient_once_and_reports_both_rates() -> None:
    spec = importlib.util.spec_from_file_location("bench_mass_mail", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    results = bench.run(120, postgres=False)
    assert results["raw"]["messages"] == 120
    assert results["mailing"]["sent"] == 120
    assert results["mailing"]["statuses"] == {"sent": 120}
    assert results["sink_accepted"] == 240  # raw and mailing: each recipient once each
    assert results["send_vs_raw"] > 0
