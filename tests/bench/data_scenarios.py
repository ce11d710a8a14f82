"""`make bench`'s data scenarios on PostgreSQL: lists at two scales, import beside COPY.

- first page and ``q=`` search of contacts' real list query (record scope in SQL, keyset page
  of 50, a manager's scope) at a small and a large number of accounts, seeded by
  bench_access_lists; the ratio is large/small (goal: within 1.5x);
- the import use cases (contacts' accounts, sales' leads) on N generated rows beside
  PostgreSQL's ``COPY`` of the same rows into the same indexed table (bench_contacts_import,
  bench_leads_import).
"""

from __future__ import annotations

import contextlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432"


def _postgres() -> None:
    os.environ.setdefault("CRM_TEST_DATABASE_URL_BASE", PG_DEFAULT)


@contextlib.contextmanager
def _seeded_lister(rows: int) -> Iterator[Callable[[Any], list[Any]]]:
    """A fresh database of ``rows`` accounts; yields ``list(params)`` as the manager."""
    _postgres()
    import bench_access_lists as access

    from crm_chassis.auth.principal import Principal
    from crm_chassis.db.migrate import upgrade
    from crm_chassis.testing.databases import drop_database, new_database_url
    from crm_contacts.bootstrap import bootstrap
    from crm_contacts.config import MIGRATIONS_DIR, Settings

    url = new_database_url("bench_scale", Path(tempfile.mkdtemp()))
    try:
        upgrade(MIGRATIONS_DIR, url)
        owners = access.seed(url, rows)
        app = bootstrap(Settings(database_url=url))
        app.access.policy.save(access.snapshot(owners))
        manager = Principal(subject=access.MANAGER)
        try:
            yield lambda params: app.queries.list_accounts(manager, params)[0]
        finally:
            app.db.dispose()
    finally:
        drop_database(url)


def _figures(times: list[float], rows: int) -> dict[str, float]:
    times = sorted(times)
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)], 2),
        # A selective term returns fewer rows at the small size: the cost of a page also
        # counts the rows it converts.
        "rows": rows,
    }


def scale_rows(small: int, large: int, repeat: int) -> list[dict[str, Any]]:
    """The same queries at ``small`` and ``large`` accounts, calls alternating between the
    two databases (the machine's load moves within seconds); ratio large/small cost."""
    from crm_contacts.service.queries import ListParams

    scenarios = (
        ("first page", ListParams(limit=50)),
        ("q= search", ListParams(limit=50, q="00123")),
        # Matches nearly every row at both sizes: a full page whatever the scale.
        ("q= common term", ListParams(limit=50, q="account 0000")),
    )
    print(f"[bench] lists at {small:,} and {large:,} accounts", flush=True)
    out = []
    with _seeded_lister(small) as low, _seeded_lister(large) as high:
        for name, params in scenarios:
            times: dict[str, list[float]] = {"low": [], "high": []}
            sizes = {"low": len(low(params)), "high": len(high(params))}  # warm both
            for index in range(repeat):
                order = (("low", low), ("high", high))
                for side, lister in order if index % 2 else order[::-1]:
                    started = time.perf_counter()
                    lister(params)
                    times[side].append((time.perf_counter() - started) * 1000)
            lo, hi = _figures(times["low"], sizes["low"]), _figures(times["high"], sizes["high"])
            got = f"{sizes['high']}/{sizes['low']} rows"
            out.append(
                {
                    "scenario": f"{name} at {large:,} vs {small:,} accounts (p50, {got})",
                    "ours": hi["p50_ms"],
                    "baseline": lo["p50_ms"],
                    "unit": "ms",
                    "ratio": round(hi["p50_ms"] / lo["p50_ms"], 3) if lo["p50_ms"] else None,
                    "goal": "≤ 1.5 (cost ratio)",
                    "detail": {"large": hi, "small": lo, "alternating": True},
                }
            )
    return out


def import_rows(n: int, batch: int = 1000) -> list[dict[str, Any]]:
    """The import use case beside COPY of the same rows, on fresh migrated databases."""
    _postgres()
    import bench_contacts_import as imp

    from crm_chassis.testing.databases import drop_database

    text = imp.generate_csv(n)
    values = imp.prepared_rows(n)
    urls = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            urls.append(imp.fresh_database(Path(tmp), "bench-import"))
            print(f"[bench] import of {n:,} rows", flush=True)
            ours = imp.measure_import(urls[-1], text, n, batch, dry_run=False)
            urls.append(imp.fresh_database(Path(tmp), "bench-copy"))
            print(f"[bench] COPY of {n:,} rows", flush=True)
            base = imp.measure_bulk_load(urls[-1], values)
        finally:
            for url in urls:
                drop_database(url)
    ours_rate, base_rate = ours["rows_per_second"], base["rows_per_second"]
    return [
        {
            "scenario": f"contacts import of {n:,} rows vs {base['method']}",
            "ours": ours_rate,
            "baseline": base_rate,
            "unit": "rows/s",
            "ratio": round(ours_rate / base_rate, 3) if base_rate else None,
            "goal": "≥ 0.5",
            "detail": {"import": ours, "bulk_load": base},
        },
        *lead_import_rows(n),
    ]


def lead_import_rows(n: int) -> list[dict[str, Any]]:
    """Sales' lead import use case beside COPY of the same rows into the same indexed table."""
    _postgres()
    import bench_leads_import as leads

    result = leads.run(n, postgres=True)
    ours, base = result["import"], result["bulk-load"]
    return [
        {
            "scenario": f"leads import of {n:,} rows vs {base['method']}",
            "ours": ours["rows_per_second"],
            "baseline": base["rows_per_second"],
            "unit": "rows/s",
            "ratio": result["import_vs_bulk_load"],
            "goal": "≥ 0.5",
            "detail": {"import": ours, "bulk_load": base},
        }
    ]
