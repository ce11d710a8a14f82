"""The Flask app of the web role: the declared blueprints around the wired service."""

from __future__ import annotations

from flask import Flask

from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.http import Api, create_app
from crm_contacts.adapters.tables import idempotency_keys
from crm_contacts.api import (
    accounts,
    calendar_events,
    contacts,
    deletions,
    duplicates,
    merges,
    notes,
    overview,
    owners,
    tasks,
    timeline,
    transfers,
)
from crm_contacts.bootstrap import Contacts

BLUEPRINTS = (
    accounts.bp,
    contacts.bp,
    owners.bp,
    deletions.bp,
    duplicates.bp,
    merges.bp,
    tasks.bp,
    calendar_events.bp,
    notes.bp,
    timeline.bp,
    overview.bp,
)


def build_api(app: Contacts) -> Api:
    """Every route of the service."""
    api = Api(
        service="contacts",
        title="CRM Contacts API",
        description="Accounts, contacts and the owner directory.",
        blueprints=BLUEPRINTS,
    )
    transfers.register(api, app)
    return api


def build_app(app: Contacts, verifier: TokenVerifier) -> Flask:
    """Build the REST app around a wired service."""
    return create_app(
        app.settings,
        build_api(app),
        db=app.db,
        verifier=verifier,
        access=app.access.policy,
        idempotency_table=idempotency_keys,
        init=lambda flask_app: transfers.install(flask_app, app),  # CSV in and out
        service=app,
    )
