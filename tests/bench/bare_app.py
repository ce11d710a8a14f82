"""A bare Flask endpoint served exactly like a service's web role (crm_chassis.http.serve).

``python tests/bench/bare_app.py PORT`` answers any GET with a small JSON document: the
baseline for "what does the stack cost before any business code runs". With
``BENCH_DATABASE_URL`` set, any POST inserts one row (SQLAlchemy Core, one transaction) and
answers 201: the baseline of "POST a lead".
"""

from __future__ import annotations

import os
import sys
import uuid

import sqlalchemy as sa
from flask import Flask, request

from crm_chassis.db import Database

ACCOUNT = {
    "id": "0b9f6b1e-8f5e-4a53-9d55-6a2f3d1c2b10",
    "name": "Bench Ltd",
    "kind": "organisation",
    "owner_id": "5c1d7a60-2a7e-4a1b-9c7f-0d3e2b1a4f99",
    "created_at": "2026-01-01T00:00:00Z",
}


ROWS = sa.Table(
    "bench_rows",
    sa.MetaData(),
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("body", sa.Text, nullable=False),
)


def create_app() -> Flask:
    app = Flask("bare")
    url = os.environ.get("BENCH_DATABASE_URL")
    # The services' connection settings (SQLite: WAL, BEGIN IMMEDIATE), nothing else of theirs.
    engine = Database(url).engine if url else None
    if engine is not None:
        ROWS.metadata.create_all(engine, checkfirst=True)

    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def bare(path: str) -> dict[str, object]:
        return ACCOUNT

    @app.post("/", defaults={"path": ""})
    @app.post("/<path:path>")
    def insert(path: str) -> tuple[dict[str, object], int]:
        if engine is None:
            return {"detail": "BENCH_DATABASE_URL not set"}, 503
        row_id = str(uuid.uuid4())
        with engine.begin() as conn:
            conn.execute(ROWS.insert().values(id=row_id, body=request.get_data(as_text=True)))
        return {"id": row_id}, 201

    return app


def main() -> None:
    from crm_chassis.config import ServiceSettings
    from crm_chassis.http import serve

    port = int(sys.argv[1])
    # Same gunicorn settings as every service (workers, gthread threads, keep-alive 120 s),
    # taken from ServiceSettings and its CRM_* environment overrides.
    serve(create_app, ServiceSettings(service_name="bench", http_host="127.0.0.1", http_port=port))


if __name__ == "__main__":
    main()
