"""The Flask app of the web role: billing's declared REST API around the wired service."""

from __future__ import annotations

from flask import Flask

from crm_billing.adapters.tables import idempotency_keys
from crm_billing.api import credit_notes, invoices, payments, purchase_orders, reports, vendors
from crm_billing.bootstrap import Billing
from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.http import Api, create_app

BLUEPRINTS = (
    invoices.bp,
    payments.bp,
    credit_notes.bp,
    vendors.bp,
    purchase_orders.bp,
    reports.bp,
)


def build_app(app: Billing, verifier: TokenVerifier) -> Flask:
    """Build the REST app (``/api/billing/v1``) around a wired service."""
    api = Api(
        service="billing",
        title="CRM Billing API",
        description="Invoices, payments, credit notes, collections, vendors and purchase orders.",
        blueprints=BLUEPRINTS,
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
