"""Verify identity's own access tokens against its key store, with no HTTP hop to itself.

The chassis's :class:`TokenVerifier` does every check (pinned algorithm, audience, issuer,
expiry, required claims); identity only hands it a key resolver reading the local store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crm_chassis.auth.principal import Principal
from crm_chassis.auth.tokens import TokenVerifier
from crm_identity.adapters.signing_keys import KeyStore


def local_verifier(
    store: KeyStore,
    *,
    audience: str,
    issuer: str,
    is_revoked: Callable[[Principal], bool] | None = None,
) -> TokenVerifier:
    """Return a chassis TokenVerifier whose keys come from ``store``."""

    def resolve(kid: str) -> Any:
        key = store.find(kid)
        return key.private_key.public_key() if key is not None else None

    return TokenVerifier(
        None, audience=audience, issuer=issuer, is_revoked=is_revoked, key_resolver=resolve
    )
