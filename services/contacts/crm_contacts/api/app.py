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
    exports,
    imports,
    merges,
    notes,
    overview,
    owners,
    tasks,
    timeline,
)
from crm_contacts.bootstrap import Contacts

BLUEPRINTS = (
    accounts.bp,
    contacts.bp,
    owners.bp,
    tasks.bp,
    calendar_events.bp,
    notes.bp,
    timeline.bp,
    overview.bp,
    deletions.bp,
    duplicates.bp,
    merges.bp,
    imports.bp,
    exports.bp,
)


def build_app(app: Contacts, verifier: TokenVerifier) -> Flask:
    """Build the REST app around a wired service."""
    api = Api(
        service="contacts",
        title="CRM Contacts API",
        description="Accounts, contacts and the owner directory.",
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
