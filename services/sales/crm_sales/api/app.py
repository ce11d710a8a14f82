"""The Flask app of the web role: the declared REST API around the wired service."""

from __future__ import annotations

from flask import Flask

from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.http import Api, create_app
from crm_sales.adapters.tables import idempotency_keys
from crm_sales.api import (
    approvals,
    assignment_rules,
    conversion,
    enquiries,
    leads,
    opportunities,
    price_books,
    products,
    quotes,
    reports,
    sales_orders,
    scoring_rules,
)
from crm_sales.bootstrap import Sales

BLUEPRINTS = (
    leads.bp,
    conversion.bp,
    opportunities.bp,
    products.bp,
    price_books.bp,
    quotes.bp,
    sales_orders.bp,
    approvals.bp,
    enquiries.bp,
    scoring_rules.bp,
    assignment_rules.bp,
    reports.bp,
)


def build_app(app: Sales, verifier: TokenVerifier) -> Flask:
    """Build the REST app around a wired service."""
    api = Api(
        service="sales",
        title="CRM Sales API",
        description="Leads, prospects, conversion, opportunities, products, price "
        "books, quotes, sales orders, enquiries, rules and reports.",
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
