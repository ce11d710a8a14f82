"""The Flask app of the web role: the service's blueprints under /api/support/v1.

No resources yet, so the app answers the chassis's built-in routes only: ``health/live``,
``health/ready`` and ``openapi.json``. Each resource module's ``bp`` joins the list below.
"""

from __future__ import annotations

from flask import Flask

from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.http import Api, create_app
from crm_support.adapters.tables import idempotency_keys
from crm_support.api import articles, portal_documents
from crm_support.bootstrap import Support

TITLE = "CRM Support API"
DESCRIPTION = (
    "trouble tickets, SLAs, knowledge base, portal views, feedback and service "
    "contracts (not built yet)."
)


def build_app(app: Support, verifier: TokenVerifier) -> Flask:
    """Build the REST app around a wired service."""
    api = Api(
        "support", TITLE, description=DESCRIPTION, blueprints=[articles.bp, portal_documents.bp]
    )
    return create_app(
        app.settings,
        api,
        db=app.db,
        verifier=verifier,
        access=app.access.policy,
        idempotency_table=idempotency_keys,
        service=app,
    )
