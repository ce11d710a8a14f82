"""The Flask app of the web role: the service's blueprints under /api/support/v1.

Besides the chassis's built-in routes (``health/live``, ``health/ready``,
``openapi.json``), each resource module's ``bp`` is in the list below (each helper appends
its own).
"""

from __future__ import annotations

from flask import Flask

from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.http import Api, create_app
from crm_support.adapters.tables import idempotency_keys
from crm_support.api import (
    articles,
    assignment_rules,
    calendars,
    comments,
    contracts,
    feedback,
    portal_documents,
    reports,
    sla_policies,
    tickets,
)
from crm_support.bootstrap import Support

TITLE = "CRM Support API"
DESCRIPTION = (
    "Trouble tickets (numbered, a declared status machine, public and internal comments, "
    "attachments, assignment rules, history), SLAs, knowledge base, the customer portal's "
    "views, feedback and service contracts."
)
BLUEPRINTS = [tickets.bp, comments.bp, assignment_rules.bp, calendars.bp, sla_policies.bp]
# Service contracts, feedback, statistics (h/contracts).
BLUEPRINTS += [contracts.bp, feedback.bp, reports.bp]
# Knowledge base and the portal's documents (h/kb).
BLUEPRINTS += [articles.bp, portal_documents.bp]


def build_app(app: Support, verifier: TokenVerifier) -> Flask:
    """Build the REST app around a wired service."""
    api = Api("support", TITLE, description=DESCRIPTION, blueprints=BLUEPRINTS)
    return create_app(
        app.settings,
        api,
        db=app.db,
        verifier=verifier,
        access=app.access.policy,
        idempotency_table=idempotency_keys,
        service=app,
    )
