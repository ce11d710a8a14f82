"""The gateway benchmark's results: medians over rounds, ratios between scenarios, the table."""

from __future__ import annotations

import statistics
from typing import Any


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median rps/p50/p99 over rounds of one scenario; counts are summed."""
    if len(runs) == 1:
        return runs[0]
    merged = dict(runs[0])
    for key in ("rps", "p50_ms", "p99_ms", "mean_ms", "seconds"):
        merged[key] = statistics.median(r[key] for r in runs)
    for key in ("requests", "non_2xx", "errors"):
        merged[key] = sum(r[key] for r in runs)
    return merged


def ratio(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float | None]:
    def div(x: float, y: float) -> float | None:
        return round(x / y, 3) if y else None

    return {
        "rps": div(a["rps"], b["rps"]),
        "p50": div(a["p50_ms"], b["p50_ms"]),
        "p99": div(a["p99_ms"], b["p99_ms"]),
    }


def summarize(
    rounds: list[list[dict[str, Any]]], scenarios: int
) -> tuple[list[dict[str, Any]], dict[str, dict[str, float | None]]]:
    """Return (per-scenario medians, ratios): the gateway's overhead, targets against bare."""
    results = [median_of([r[i] for r in rounds]) for i in range(scenarios)]
    by_name = {r["name"]: r for r in results}
    ratios = {
        "gateway overhead (via traefik / direct)": ratio(
            by_name["bare-via-traefik"], by_name["bare-direct"]
        )
    }
    for name in ("target", "account-get"):
        if name in by_name:
            ratios[f"{name} / bare-via-traefik"] = ratio(by_name[name], by_name["bare-via-traefik"])
    return results, ratios


def table(results: list[dict[str, Any]], ratios: dict[str, dict[str, float | None]]) -> str:
    lines = [
        f"{'scenario':<22}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>9}{'errors':>8}",
        "-" * 69,
    ]
    for r in results:
        lines.append(
            f"{r['name']:<22}{r['rps']:>10.1f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}"
            f"{r['non_2xx']:>9}{r['errors']:>8}"
        )
    lines.append("")
    for label, figures in ratios.items():
        parts = ", ".join(f"{k} x{v}" for k, v in figures.items())
        lines.append(f"{label:<40}{parts}")
    return "\n".join(lines)
