"""The Flask app of the web role."""

from __future__ import annotations

from flask import Flask

from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.http import create_app
from crm_contacts.adapters.tables import idempotency_keys
from crm_contacts.api import build_api, transfers
from crm_contacts.bootstrap import Contacts


def build_app(service: Contacts, verifier: TokenVerifier) -> Flask:
    """Build the REST app around a wired service."""
    return create_app(
        service.settings,
        build_api(service),
        db=service.db,
        verifier=verifier,
        access=service.access.policy,
        idempotency_table=idempotency_keys,
        init=lambda flask_app: transfers.install(flask_app, service),  # CSV in and out
    )
