"""Sales' lead import beside PostgreSQL's COPY of the same rows, in one run.

    .venv/bin/python tests/bench/bench_leads_import.py [--rows 100000]
        [--postgres]  # uses CRM_TEST_DATABASE_URL_BASE (default postgresql+psycopg://postgres@127.0.0.1:5432)
        [--json out.json]

Two measurements on fresh, migrated databases (all indexes in place):

- ``import``: sales' ``ImportLeads`` use case (the ``POST /leads/imports`` body: CSV text and
  a column mapping) on generated leads: every row parsed and checked by the domain rules,
  duplicates looked for among stored leads and the file's own rows, scored, owned, then the
  leads, tags, status history and one ``sales.lead.created.v1`` outbox row per lead written in
  one all-or-nothing transaction per file. A file holds at most ``MAX_ROWS`` (50,000) rows, the
  API's limit, so N rows are N / 50,000 consecutive imports;
- ``bulk-load``: the same lead rows, prepared in advance, loaded straight into the leads table:
  ``COPY`` on PostgreSQL, one ``executemany`` on SQLite.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.db.migrate import upgrade
from crm_chassis.testing.databases import drop_database, new_database_url
from crm_sales.adapters import rows
from crm_sales.adapters.tables import leads
from crm_sales.bootstrap import bootstrap
from crm_sales.config import MIGRATIONS_DIR, Settings
from crm_sales.domain.commands import ImportLeads
from crm_sales.domain.imports import MAX_ROWS
from crm_sales.domain.lead_fields import LeadFields
from crm_sales.domain.leads import Lead

INDUSTRIES = ("Banking", "Apparel", "Biotechnology", "Chemicals")
STATUSES = ("Not Contacted", "Attempted to Contact", "Contacted")
CITIES = ("Leeds", "York", "Hull", "Bristol", "Derby", "Bath")
HEADER = "First,Last,Company,Mail,Phone,Industry,Status,City,Tags\n"
MAPPING = {
    "First": "first_name",
    "Last": "last_name",
    "Company": "company",
    "Mail": "email",
    "Phone": "phone",
    "Industry": "industry",
    "Status": "lead_status",
    "City": "address.city",
    "Tags": "tags",
}


def _line(i: int, rnd: random.Random) -> str:
    return (
        f"Ada{i % 97},Lead {i:07d},Company {i // 3:07d} Ltd,lead{i}@c{i}.example,"
        f"+44 113 {i:07d},{rnd.choice(INDUSTRIES)},{rnd.choice(STATUSES)},"
        f"{rnd.choice(CITIES)},t{i % 20};import\n"
    )


def generate_files(n: int, seed: int = 11) -> list[str]:
    """The rows as CSV files of at most MAX_ROWS rows each (the API's limit per import)."""
    rnd = random.Random(seed)
    files = []
    for start in range(0, n, MAX_ROWS):
        out = io.StringIO()
        out.write(HEADER)
        for i in range(start, min(n, start + MAX_ROWS)):
            out.write(_line(i, rnd))
        files.append(out.getvalue())
    return files


def fresh_database(tmp: Path, name: str) -> str:
    url = new_database_url(name, tmp)
    upgrade(MIGRATIONS_DIR, url)
    return url


def measure_import(url: str, files: list[str], n: int) -> dict[str, Any]:
    settings = Settings(database_url=url, jwks_url="http://unused")
    service = bootstrap(settings, db=Database(url))
    admin = Principal(subject=str(uuid.uuid4()), roles=("admin",))
    started = time.perf_counter()
    created = 0
    for text in files:
        report = service.run(ImportLeads(text, MAPPING), caller=admin)
        if report.rejected:
            raise SystemExit(f"lead import refused rows: {report.rejected[:3]}")
        created += len(report.created_ids)
    seconds = time.perf_counter() - started
    with service.db.reading() as session:
        stored = session.execute(sa.select(sa.func.count()).select_from(leads)).scalar_one()
    service.db.dispose()
    if created != n or stored != n:
        raise SystemExit(f"lead import did not do what it said: {created=} {stored=}")
    return {
        "rows": n,
        "files": len(files),
        "seconds": round(seconds, 2),
        "rows_per_second": round(n / seconds),
    }


def prepared_rows(n: int) -> Iterator[dict[str, Any]]:
    """The leads table's rows for the same leads (built by the domain, not timed)."""
    owner, now = uuid.uuid4(), datetime.now(UTC)
    rnd = random.Random(11)
    for i in range(n):
        lead = Lead.capture(
            id=uuid.uuid4(),
            owner_id=owner,
            now=now,
            by=str(owner),
            origin="import",
            fields=LeadFields(
                first_name=f"Ada{i % 97}",
                last_name=f"Lead {i:07d}",
                company=f"Company {i // 3:07d} Ltd",
                email=f"lead{i}@c{i}.example",
                phone=f"+44 113 {i:07d}",
                industry=rnd.choice(INDUSTRIES),
                lead_status=rnd.choice(STATUSES),
                tags=(f"t{i % 20}", "import"),
            ),
        )
        yield rows.values(lead, leads)


def measure_bulk_load(url: str, values: list[dict[str, Any]]) -> dict[str, Any]:
    engine = sa.create_engine(url)
    columns = list(values[0])
    json_columns = {c for c in columns if isinstance(leads.c[c].type, sa.JSON)}
    n = len(values)
    try:
        if engine.dialect.name == "postgresql":
            raw = engine.raw_connection()
            try:
                cur = raw.cursor()
                started = time.perf_counter()
                with cur.copy(f"COPY leads ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(
                            [json.dumps(row[c]) if c in json_columns else row[c] for c in columns]
                        )
                raw.commit()
                seconds = time.perf_counter() - started
            finally:
                raw.close()
            method = "COPY"
        else:
            started = time.perf_counter()
            with engine.begin() as conn:
                conn.execute(sa.insert(leads), values)
            seconds = time.perf_counter() - started
            method = "executemany"
        with engine.connect() as conn:
            stored = conn.execute(sa.select(sa.func.count()).select_from(leads)).scalar_one()
        assert stored == n, stored
    finally:
        engine.dispose()
    return {
        "rows": n,
        "seconds": round(seconds, 2),
        "rows_per_second": round(n / seconds),
        "method": method,
    }


def run(n: int, postgres: bool) -> dict[str, Any]:
    """Both measurements on fresh databases (dropped afterwards); the ratio import/COPY."""
    if postgres:
        os.environ.setdefault(
            "CRM_TEST_DATABASE_URL_BASE", "postgresql+psycopg://postgres@127.0.0.1:5432"
        )
    files = generate_files(n)
    values = list(prepared_rows(n))
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        urls: list[str] = []
        try:
            urls.append(fresh_database(Path(tmp), "bench-leads-import"))
            print(f"[bench] lead import of {n:,} rows", file=sys.stderr, flush=True)
            results["import"] = measure_import(urls[-1], files, n)
            urls.append(fresh_database(Path(tmp), "bench-leads-copy"))
            print(f"[bench] leads COPY of {n:,} rows", file=sys.stderr, flush=True)
            results["bulk-load"] = measure_bulk_load(urls[-1], values)
        finally:
            if postgres:
                for url in urls:
                    drop_database(url)
    results["import_vs_bulk_load"] = round(
        results["import"]["rows_per_second"] / results["bulk-load"]["rows_per_second"], 3
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not args.postgres:
        os.environ.pop("CRM_TEST_DATABASE_URL_BASE", None)
    results = run(args.rows, args.postgres)
    results["database"] = "postgresql" if args.postgres else "sqlite"
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
