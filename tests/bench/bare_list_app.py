"""A bare Flask endpoint running contacts' captured list SQL (the `scale` group's baseline).

``python tests/bench/bare_list_app.py PORT PLAN`` serves, exactly like a service's web role
(crm_chassis.http.serve: same gunicorn workers, gthread threads, keep-alive), ``GET
/bench-list/?q=<term>``: it runs the statements contacts' list query sent for that term
(``PLAN``: a pickle ``{term: [(sql, parameters), ...]}`` captured by list_scenarios.py
from ``Queries.list_accounts``), in one read transaction on the same database with the
chassis' connection settings, and answers the last statement's rows as JSON. No token, no
access decision, no pydantic: what the SQL and the web stack cost alone.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path
from typing import Any

from flask import Flask, Response, request

from crm_chassis.db import Database


def create_app(plan_path: str) -> Flask:
    plan: dict[str, list[tuple[str, Any]]] = pickle.loads(Path(plan_path).read_bytes())
    url = plan.pop("__url__")  # type: ignore[arg-type]
    engine = Database(url).engine  # type: ignore[arg-type]
    app = Flask("bare-list")

    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def bare(path: str) -> Response:
        statements = plan.get(request.args.get("q", ""))
        if statements is None:
            return Response('{"detail": "unknown term"}', 404, mimetype="application/json")
        with engine.connect() as conn:
            for sql, parameters in statements:
                result = conn.exec_driver_sql(sql, parameters)
            items = [dict(row._mapping) for row in result]
            conn.rollback()
        body = json.dumps({"items": items[:50]}, default=str)
        return Response(body, 200, mimetype="application/json")

    return app


def main() -> None:
    from crm_chassis.config import ServiceSettings
    from crm_chassis.http import serve

    port, plan_path = int(sys.argv[1]), sys.argv[2]
    settings = ServiceSettings(service_name="bench-list", http_host="127.0.0.1", http_port=port)
    serve(lambda: create_app(plan_path), settings)


if __name__ == "__main__":
    main()
