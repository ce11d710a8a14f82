"""crm-marketing-web: the REST API under gunicorn."""

from __future__ import annotations

from flask import Flask

from crm_access import token_verifier
from crm_chassis.http import serve
from crm_chassis.logging import configure_logging
from crm_chassis.tracing import configure_tracing
from crm_marketing.api.app import build_app
from crm_marketing.bootstrap import bootstrap
from crm_marketing.config import Settings


def create() -> Flask:
    """Build the app in a gunicorn worker (after fork)."""
    settings = Settings()
    configure_logging(settings.service_name, "web", settings.log_level)
    configure_tracing(settings.service_name, "web")
    app = bootstrap(settings)
    app.db.instrument()
    return build_app(app, token_verifier(settings, app.access.store))


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "web", settings.log_level)
    serve(create, settings)


if __name__ == "__main__":
    main()
