"""The REST API (/api/contacts/v1): thin Flask views declared on the chassis's Api."""

from __future__ import annotations

from crm_chassis.http import Api
from crm_contacts.api import (
    accounts,
    activity_routes,
    contacts,
    deletions,
    duplicates,
    owners,
    transfers,
)
from crm_contacts.bootstrap import Contacts


def build_api(service: Contacts) -> Api:
    """Declare every route of the service, closing over the wired service."""
    api = Api(
        service="contacts",
        title="CRM Contacts API",
        description="Accounts, contacts and the owner directory.",
    )
    accounts.register(api, service)
    contacts.register(api, service)
    owners.register(api, service)
    activity_routes.register(api, service)  # tasks, events, notes, timeline, 360
    deletions.register(api, service)
    duplicates.register(api, service)
    transfers.register(api, service)
    return api
