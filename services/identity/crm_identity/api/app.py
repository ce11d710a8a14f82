"""The identity REST app: every resource's Blueprint on one Api, around the wired service."""

from __future__ import annotations

from flask import Flask

from crm_chassis.http import Api, create_app
from crm_identity.adapters.tables import idempotency_keys
from crm_identity.api import (
    audit_events,
    auth,
    groups,
    me,
    profiles,
    roles,
    service_accounts,
    sharing_defaults,
    sharing_rules,
    signing_keys,
    users,
)
from crm_identity.bootstrap import Identity

BLUEPRINTS = (
    auth.bp,
    signing_keys.bp,
    me.bp,
    users.bp,
    service_accounts.bp,
    roles.bp,
    profiles.bp,
    groups.bp,
    sharing_defaults.bp,
    sharing_rules.bp,
    audit_events.bp,
)


def build_app(app: Identity) -> Flask:
    """The Flask app serving ``app`` (build one per process, after any fork)."""
    api = Api(
        service="identity",
        title="CRM Identity API",
        description=(
            "Users, roles, profiles, groups, sharing, service accounts, tokens (OAuth 2.0 "
            "token endpoint), the JWKS and the audit log."
        ),
        blueprints=BLUEPRINTS,
    )
    return create_app(
        app.settings,
        api,
        db=app.db,
        verifier=app.verifier,
        access=app.access,
        idempotency_table=idempotency_keys,
        service=app,
    )
