"""The web role: the REST API under gunicorn (``crm-identity-web``)."""

from __future__ import annotations

from flask import Flask

from crm_chassis.http import create_app, serve
from crm_chassis.logging import configure_logging
from crm_identity.adapters.tables import idempotency_keys
from crm_identity.api import build_api
from crm_identity.bootstrap import Identity, bootstrap
from crm_identity.config import Settings


def build_app(settings: Settings, identity: Identity | None = None) -> Flask:
    """Build the Flask app (in each worker, after fork); ensure key and first admin."""
    identity = identity or bootstrap(settings)
    identity.initialize()
    app = create_app(
        settings,
        build_api(identity),
        db=identity.db,
        verifier=identity.verifier,
        access=identity.access,
        idempotency_table=idempotency_keys,
    )
    app.extensions["identity"] = identity
    return app


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "web", settings.log_level)
    serve(lambda: build_app(settings), settings)
