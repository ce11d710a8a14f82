"""The REST API (/api/billing/v1): thin Flask views declared on the chassis's Api."""

from __future__ import annotations

from crm_billing.api import invoices, payments, purchasing, reports
from crm_billing.bootstrap import Billing
from crm_chassis.http import Api


def build_api(service: Billing) -> Api:
    """Declare every route of the service, closing over the wired service."""
    api = Api(
        service="billing",
        title="CRM Billing API",
        description="Invoices, payments, credit notes, collections, vendors and purchase orders.",
    )
    invoices.register(api, service)
    payments.register(api, service)
    purchasing.register(api, service)
    reports.register(api, service)
    return api
