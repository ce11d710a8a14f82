"""A bare Flask endpoint served exactly like a service's web role (crm_chassis.http.serve).

``python tests/bench/bare_app.py PORT`` answers any GET with a small JSON document: the
baseline for "what does the stack cost before any business code runs".
"""

from __future__ import annotations

import sys

from flask import Flask

ACCOUNT = {
    "id": "0b9f6b1e-8f5e-4a53-9d55-6a2f3d1c2b10",
    "name": "Bench Ltd",
    "kind": "organisation",
    "owner_id": "5c1d7a60-2a7e-4a1b-9c7f-0d3e2b1a4f99",
    "created_at": "2026-01-01T00:00:00Z",
}


def create_app() -> Flask:
    app = Flask("bare")

    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def bare(path: str) -> dict[str, object]:
        return ACCOUNT

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
