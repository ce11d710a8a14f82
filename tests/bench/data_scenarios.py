"""`make bench`'s data scenarios on PostgreSQL: lists at two scales, import beside COPY.

- first page and ``q=`` search of contacts' real list query (record scope in SQL, keyset page
  of 50, a manager's scope) at a small and a large number of accounts, seeded by
  bench_access_lists; the ratio is large/small (goal: within 1.5x);
- the import use case on N generated rows beside PostgreSQL's ``COPY`` of the same rows into
  the same indexed table (bench_contacts_import).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432"


def _postgres() -> None:
    os.environ.setdefault("CRM_TEST_DATABASE_URL_BASE", PG_DEFAULT)


def list_costs(rows: int, repeat: int) -> dict[str, dict[str, float]]:
    """p50/p95 ms of the first page and a search at ``rows`` accounts (a manager's scope)."""
    _postgres()
    import bench_access_lists as access

    from crm_chassis.auth.principal import Principal
    from crm_chassis.db.migrate import upgrade
    from crm_chassis.testing.databases import drop_database, new_database_url
    from crm_contacts.bootstrap import bootstrap
    from crm_contacts.config import MIGRATIONS_DIR, Settings
    from crm_contacts.service.queries import ListParams

    url = new_database_url("bench_scale", Path(tempfile.mkdtemp()))
    try:
        upgrade(MIGRATIONS_DIR, url)
        owners = access.seed(url, rows)
        app = bootstrap(Settings(database_url=url))
        app.access.policy.save(access.snapshot(owners))
        manager = Principal(subject=access.MANAGER)
        out = {}
        for name, params in (
            ("first page", ListParams(limit=50)),
            ("q= search", ListParams(limit=50, q="00123")),
            # Matches nearly every row at both sizes: a full page whatever the scale.
            ("q= common term", ListParams(limit=50, q="account 0000")),
        ):
            out[name] = access.measure(
                lambda p=params: app.queries.list_accounts(manager, p), repeat
            )
            # A selective term returns fewer rows at the small size: the cost per page
            # also counts the rows it converts.
            out[name]["rows"] = len(app.queries.list_accounts(manager, params)[0])
        app.db.dispose()
        return out
    finally:
        drop_database(url)


def scale_rows(small: int, large: int, repeat: int) -> list[dict[str, Any]]:
    """The same queries at ``small`` and ``large`` accounts; ratio large/small cost."""
    print(f"[bench] lists at {small:,} accounts", flush=True)
    low = list_costs(small, repeat)
    print(f"[bench] lists at {large:,} accounts", flush=True)
    high = list_costs(large, repeat)
    rows = []
    for name in low:
        ours, base = high[name]["p50_ms"], low[name]["p50_ms"]
        got = f"{high[name]['rows']:.0f}/{low[name]['rows']:.0f} rows"
        rows.append(
            {
                "scenario": f"{name} at {large:,} vs {small:,} accounts (p50, {got})",
                "ours": ours,
                "baseline": base,
                "unit": "ms",
                "ratio": round(ours / base, 3) if base else None,
                "goal": "≤ 1.5 (cost ratio)",
                "detail": {"large": high[name], "small": low[name]},
            }
        )
    return rows


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
        }
    ]
