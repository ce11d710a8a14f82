"""The web role: the REST API under gunicorn (``crm-identity-web``)."""

from __future__ import annotations

from flask import Flask

from crm_chassis.roles import run_web
from crm_identity.api.app import build_app
from crm_identity.bootstrap import bootstrap, first_start
from crm_identity.config import Settings


def web_app(settings: Settings) -> Flask:
    """Wire identity and build its app (once, in gunicorn's master); ensure key and admin."""
    app = bootstrap(settings)
    first_start(app)
    return build_app(app)


def main() -> None:
    run_web(Settings, web_app)
