"""crm-marketing-web: the REST API under gunicorn."""

from __future__ import annotations

from flask import Flask

from crm_access import token_verifier
from crm_chassis.roles import run_web
from crm_marketing.api.app import build_app
from crm_marketing.bootstrap import bootstrap
from crm_marketing.config import Settings


def web_app(settings: Settings) -> Flask:
    """Wire the service and build its app (once, in gunicorn's master; workers inherit it)."""
    app = bootstrap(settings)
    app.db.instrument()
    return build_app(app, token_verifier(settings, app.access.store))


def main() -> None:
    run_web(Settings, web_app)


if __name__ == "__main__":
    main()
