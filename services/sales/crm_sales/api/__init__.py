"""The REST API (/api/sales/v1): thin Flask views declared on the chassis's Api."""

from __future__ import annotations

from crm_chassis.http import Api
from crm_sales.api import catalog, leads, opportunities, quotes, settings
from crm_sales.bootstrap import Sales


def build_api(service: Sales) -> Api:
    """Declare every route of the service, closing over the wired service."""
    api = Api(
        service="sales",
        title="CRM Sales API",
        description="Leads, prospects, conversion, opportunities, products, price "
        "books, quotes, sales orders, enquiries, rules and reports.",
    )
    # Fixed paths before <id> paths so /leads/imports is not read as a lead id.
    leads.register(api, service)
    opportunities.register(api, service)
    catalog.register(api, service)
    quotes.register(api, service)
    settings.register(api, service)
    return api
