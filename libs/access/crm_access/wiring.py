"""The access wiring every service repeats at start-up, done once.

A service keeps identity's policy in its own table (``add_policy_table(metadata)``), reads
it through one :class:`PolicyStore` per process, and verifies identity's tokens with a
:class:`TokenVerifier` that refuses the tokens of users the policy says are inactive::

    store = policy_store(settings, db, access_policy)
    create_app(settings, api, access=store, verifier=token_verifier(settings, store))

The worker also consumes ``identity.policy.changed.v1`` (``policy_changed_handler``) and
calls :func:`crm_access.fetch.start_snapshot_fetch` once at start.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Table

from crm_access.store import PolicyStore
from crm_chassis.auth.principal import Principal
from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.config import ServiceSettings
from crm_chassis.db.engine import Database


def policy_store(settings: ServiceSettings, db: Database, table: Table) -> PolicyStore:
    """Return the service's local copy of the policy, stored in ``table`` of ``db``."""
    return PolicyStore(
        db, table, settings.service_name, refresh_seconds=settings.policy_refresh_seconds
    )


def token_verifier(
    settings: ServiceSettings,
    store: PolicyStore,
    extra_revoked: Callable[[Principal], bool] | None = None,
) -> TokenVerifier:
    """Verify identity's tokens (JWKS, audience, issuer from ``settings``); refuse those of
    users the policy says are inactive, or that ``extra_revoked`` refuses (a service's own
    feed of deactivations, which may learn of one first)."""
    is_revoked: Callable[[Principal], bool] = store.is_revoked
    if extra_revoked is not None:
        also = extra_revoked

        def either(principal: Principal) -> bool:
            return store.is_revoked(principal) or also(principal)

        is_revoked = either

    return TokenVerifier(
        settings.jwks_url,
        audience=settings.token_audience,
        issuer=settings.token_issuer,
        cache_seconds=settings.jwks_cache_seconds,
        is_revoked=is_revoked,
    )
