"""The Flask app of the web role."""

from __future__ import annotations

from flask import Flask

from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.http import create_app
from crm_sales.adapters.tables import idempotency_keys
from crm_sales.api import build_api
from crm_sales.api.settings import as_csv
from crm_sales.bootstrap import Sales


def build_app(service: Sales, verifier: TokenVerifier) -> Flask:
    """Build the REST app around a wired service."""
    app = create_app(
        service.settings,
        build_api(service),
        db=service.db,
        verifier=verifier,
        access=service.access.policy,
        idempotency_table=idempotency_keys,
    )
    app.after_request(as_csv)
    return app
