"""Verify identity's own access tokens against its key store, with no HTTP hop to itself.

The chassis's :class:`TokenVerifier` fetches keys through a ``PyJWKClient``; here that
client is replaced by the local key store, so every check (pinned algorithm, audience,
issuer, expiry, required claims) stays the chassis's own code.

TODO(chassis): this swaps a private attribute. Once ``TokenVerifier`` takes a key-lookup
callable (``key_lookup: Callable[[str], Any]``) in place of a URL, pass ``KeyStore`` there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt

from crm_chassis.auth.principal import Principal
from crm_chassis.auth.tokens import TokenVerifier
from crm_identity.adapters.signing_keys import KeyStore


@dataclass(frozen=True)
class _Key:
    key: Any


class _LocalJwks:
    """Quacks like ``jwt.PyJWKClient`` for the one method TokenVerifier uses."""

    def __init__(self, store: KeyStore) -> None:
        self._store = store

    def get_signing_key(self, kid: str) -> _Key:
        key = self._store.find(kid)
        if key is None:
            raise jwt.PyJWKClientError(f"unknown key id {kid!r}")
        return _Key(key.private_key.public_key())


def local_verifier(
    store: KeyStore,
    *,
    audience: str,
    issuer: str,
    is_revoked: Callable[[Principal], bool] | None = None,
) -> TokenVerifier:
    """Return a chassis TokenVerifier that reads keys from ``store``."""
    verifier = TokenVerifier(
        "http://unused.invalid/jwks", audience=audience, issuer=issuer, is_revoked=is_revoked
    )
    verifier._jwks = _LocalJwks(store)  # type: ignore[assignment]  # see module docstring
    return verifier
