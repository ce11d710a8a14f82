"""Contacts import throughput beside the database's own bulk-load rate, in one run.

    .venv/bin/python tests/bench/bench_contacts_import.py [--rows 100000] [--batch 1000]
        [--postgres]  # uses CRM_TEST_DATABASE_URL_BASE (default postgresql+psycopg://postgres@127.0.0.1:5432)
        [--json out.json]

Three measurements on fresh, migrated databases (all indexes in place, pg_trgm included):

- ``import``: the service's import use case on a generated CSV of ``--rows`` accounts
  (parse, map, domain validation, duplicate look-ups per batch, customer codes, records +
  tags + outbox events inserted per all-or-nothing batch, job progress rows);
- ``import-dry-run``: the same file as a dry run (no record writes);
- ``background``: the same file the way ``POST /imports`` takes a large one: spooled and
  line-counted, checked and stored with a queued job (1 MiB chunks), then claimed by the
  worker's ImportRunner, read back as a stream and imported batch by batch with progress
  and lease renewal; ``queue_seconds`` is the part the HTTP request waits for;
- ``bulk-load``: the same account rows, prepared in advance, loaded straight into the
  accounts table: ``COPY`` on PostgreSQL, one ``executemany`` on SQLite.

The ratio import/bulk-load is the price of everything an import does beyond storing rows.
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.db.migrate import upgrade
from crm_chassis.fields import Address
from crm_chassis.testing.databases import drop_database, new_database_url
from crm_contacts.adapters import rows
from crm_contacts.adapters.tables import accounts
from crm_contacts.bootstrap import bootstrap
from crm_contacts.config import MIGRATIONS_DIR, Settings
from crm_contacts.domain.accounts import Account, AccountFields
from crm_contacts.domain.commands import ApplyOwnerFact, ImportRecords
from crm_contacts.domain.owners import Owner

INDUSTRIES = ("Banking", "Retail", "Technology", "Energy", "Media")
CITIES = ("Leeds", "York", "Hull", "Bristol", "Derby", "Bath")


def generate_csv(n: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    out = io.StringIO()
    out.write("name,industry,email,phone,billing_city,area,tags\n")
    for i in range(n):
        out.write(
            f"Company {i:07d} {rnd.choice(('Ltd', 'plc', 'GmbH'))},{rnd.choice(INDUSTRIES)},"
            f"info{i}@c{i}.example,+44 113 {i:07d},{rnd.choice(CITIES)},"
            f"Area {i % 50},t{i % 20};bulk\n"
        )
    return out.getvalue()


def fresh_database(tmp: Path, name: str) -> str:
    url = new_database_url(name, tmp)
    upgrade(MIGRATIONS_DIR, url)
    return url


def service_for(url: str, batch: int) -> Any:
    # Every size runs in the caller's thread unless queued on purpose (``background``).
    settings = Settings(
        database_url=url,
        import_batch_rows=batch,
        import_sync_max_rows=sys.maxsize,
        jwks_url="http://unused",
    )
    return bootstrap(settings, db=Database(url))


def measure_import(url: str, text: str, n: int, batch: int, *, dry_run: bool) -> dict[str, Any]:
    service = service_for(url, batch)
    owner_id = uuid.uuid4()
    service.run(
        ApplyOwnerFact(Owner(owner_id, "bench@example.com", "Bench", True, datetime.now(UTC)))
    )
    admin = Principal(subject=str(owner_id), roles=("admin",))
    started = time.perf_counter()
    data = io.BytesIO(text.encode())
    command = ImportRecords("accounts", data, rows=n, dry_run=dry_run)
    job = service.run(command, caller=admin)
    seconds = time.perf_counter() - started
    with service.db.reading() as session:
        stored = session.execute(sa.select(sa.func.count()).select_from(accounts)).scalar_one()
    service.db.dispose()
    expected = 0 if dry_run else n
    if job.created_count != n or stored != expected or job.failed_count:
        raise SystemExit(f"import did not do what it said: {job} stored={stored}")
    return {"rows": n, "seconds": round(seconds, 2), "rows_per_second": round(n / seconds)}


def measure_background(url: str, text: str, n: int, batch: int) -> dict[str, Any]:
    from crm_contacts.api.imports import Upload
    from crm_contacts.service.import_runner import ImportRunner

    service = service_for(url, batch)
    owner_id = uuid.uuid4()
    service.run(
        ApplyOwnerFact(Owner(owner_id, "bench@example.com", "Bench", True, datetime.now(UTC)))
    )
    admin = Principal(subject=str(owner_id), roles=("admin",))
    data = text.encode()
    started = time.perf_counter()
    upload = Upload(io.BytesIO(data))
    command = ImportRecords("accounts", upload.file, rows=upload.rows, background=True)
    queued = service.run(command, caller=admin)
    upload.file.close()
    queue_seconds = time.perf_counter() - started
    job = ImportRunner(service).run_once()
    seconds = time.perf_counter() - started
    with service.db.reading() as session:
        stored = session.execute(sa.select(sa.func.count()).select_from(accounts)).scalar_one()
    service.db.dispose()
    if job is None or job.id != queued.id or job.created_count != n or stored != n:
        raise SystemExit(f"background import did not do what it said: {job} stored={stored}")
    return {
        "rows": n,
        "upload_mib": round(len(data) / 2**20, 1),
        "queue_seconds": round(queue_seconds, 2),
        "seconds": round(seconds, 2),
        "rows_per_second": round(n / seconds),
        "batches": job.batches_committed,
    }


def prepared_rows(n: int) -> list[dict[str, Any]]:
    owner = uuid.uuid4()
    now = datetime.now(UTC)
    out = []
    for i in range(n):
        account = Account.create(
            id=uuid.uuid4(),
            owner_id=owner,
            now=now,
            fields=AccountFields(
                name=f"Company {i:07d} Ltd",
                industry="Banking",
                email=f"info{i}@c{i}.example",
                phone=f"+44 113 {i:07d}",
                billing_address=Address(city="Leeds"),
                area=f"Area {i % 50}",
                tags=(f"t{i % 20}", "bulk"),
            ),
        )
        account.customer_code = f"ACC-{i + 1:06d}"
        out.append(rows.account_values(account))
    return out


def measure_bulk_load(url: str, values: list[dict[str, Any]]) -> dict[str, Any]:
    engine = sa.create_engine(url)
    columns = list(values[0])
    n = len(values)
    try:
        if engine.dialect.name == "postgresql":
            raw = engine.raw_connection()
            try:
                cur = raw.cursor()
                started = time.perf_counter()
                names = ", ".join(columns)
                with cur.copy(f"COPY accounts ({names}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(
                            [json.dumps(row[c]) if c == "tags" else row[c] for c in columns]
                        )
                raw.commit()
                seconds = time.perf_counter() - started
            finally:
                raw.close()
            method = "COPY"
        else:
            started = time.perf_counter()
            with engine.begin() as conn:
                conn.execute(sa.insert(accounts), values)
            seconds = time.perf_counter() - started
            method = "executemany"
        with engine.connect() as conn:
            stored = conn.execute(sa.select(sa.func.count()).select_from(accounts)).scalar_one()
        assert stored == n, stored
    finally:
        engine.dispose()
    return {
        "rows": n,
        "seconds": round(seconds, 2),
        "rows_per_second": round(n / seconds),
        "method": method,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.postgres:
        os.environ.setdefault(
            "CRM_TEST_DATABASE_URL_BASE", "postgresql+psycopg://postgres@127.0.0.1:5432"
        )
    else:
        os.environ.pop("CRM_TEST_DATABASE_URL_BASE", None)
    text = generate_csv(args.rows)
    values = prepared_rows(args.rows)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        urls = []
        try:
            for name in ("import", "import-dry-run", "background", "bulk-load"):
                url = fresh_database(Path(tmp), f"bench-{name}")
                urls.append(url)
                if name == "bulk-load":
                    results[name] = measure_bulk_load(url, values)
                elif name == "background":
                    results[name] = measure_background(url, text, args.rows, args.batch)
                else:
                    results[name] = measure_import(
                        url, text, args.rows, args.batch, dry_run=name == "import-dry-run"
                    )
                print(name, results[name], file=sys.stderr, flush=True)
        finally:
            if args.postgres:
                for url in urls:
                    drop_database(url)
    results["database"] = "postgresql" if args.postgres else "sqlite"
    results["import_vs_bulk_load"] = round(
        results["import"]["rows_per_second"] / results["bulk-load"]["rows_per_second"], 3
    )
    results["background_vs_bulk_load"] = round(
        results["background"]["rows_per_second"] / results["bulk-load"]["rows_per_second"], 3
    )
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
