"""EXPLAIN ANALYZE of contacts' list query (first page, ``q=``) at N accounts on PostgreSQL.

Seeds like ``make bench``'s scale group (bench_access_lists.seed), runs the real
``Queries.list_accounts`` as a manager once to capture its SQL, then prints PostgreSQL's
plan of each statement with its timings.

    .venv/bin/python tests/bench/explain_search.py [--rows 1000000] [--q 00123] [--keep] [--url URL]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ.setdefault("CRM_TEST_DATABASE_URL_BASE", "postgresql+psycopg://postgres@127.0.0.1:5432")


def main() -> None:
    import bench_access_lists as access

    from crm_chassis.auth.principal import Principal
    from crm_chassis.db.migrate import upgrade
    from crm_chassis.testing.databases import drop_database, new_database_url
    from crm_contacts.bootstrap import bootstrap
    from crm_contacts.config import MIGRATIONS_DIR, Settings
    from crm_contacts.service.queries import ListParams

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--q", default="00123")
    parser.add_argument("--url", help="an already seeded database (skips the seed)")
    parser.add_argument("--keep", action="store_true", help="keep the seeded database")
    args = parser.parse_args()
    url = args.url or new_database_url("bench_explain", Path(tempfile.mkdtemp()))
    try:
        if not args.url:
            upgrade(MIGRATIONS_DIR, url)
            owners = access.seed(url, args.rows)
        else:
            owners = [str(o) for o in range(access.OWNERS)]
        app = bootstrap(Settings(database_url=url))
        if not args.url:
            app.access.policy.save(access.snapshot(owners))
        seen: list[tuple[str, object]] = []

        @sa.event.listens_for(app.db.engine, "before_cursor_execute")
        def capture(_c, _cur, statement, parameters, _ctx, _many) -> None:
            if "accounts" in statement and not statement.startswith("EXPLAIN"):
                seen.append((statement, parameters))

        manager = Principal(subject=access.MANAGER)
        for name, params in (
            ("first page", ListParams(limit=50)),
            ("q= search", ListParams(limit=50, q=args.q)),
        ):
            seen.clear()
            app.queries.list_accounts(manager, params)
            for statement, parameters in list(seen):
                print(f"\n===== {name}\n{statement}\n{parameters}")
                with app.db.engine.connect() as conn:
                    plan = conn.exec_driver_sql(
                        "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
                    ).scalars()
                    print("\n".join(plan))
        app.db.dispose()
    finally:
        if args.keep or args.url:
            print(f"\n(database kept: --url {url})")
        else:
            drop_database(url)


if __name__ == "__main__":
    main()
