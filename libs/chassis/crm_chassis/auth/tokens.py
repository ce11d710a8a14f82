"""Verify RS256 access tokens in process against identity's JWKS.

PyJWT's :class:`jwt.PyJWKClient` caches the key set and fetches it again when a token names
a key id it does not know (signing-key rotation). The algorithm is pinned: a token whose
header says ``none`` or ``HS256`` is refused before any key is looked at.

A token whose signature and claims checked out is remembered, keyed by its exact text, until
it expires or ``cache_seconds`` pass (the JWKS cache's lifespan, so a key withdrawn from the
set stops being honoured as soon as it did without this cache): every request of a client
carries the same token, and parsing and RSA-verifying it again was a tenth of a read
request's CPU. Revocation is still asked on every call (``is_revoked``: deactivated user,
``jti`` or ``sid`` deny-list), so the cache never outlives a revocation.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import jwt

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import Unauthenticated, Unavailable

ALGORITHM = "RS256"
# Distinct live tokens remembered per process; beyond it the expired ones are dropped, and if
# none is, all of them (a flood of distinct valid tokens only costs re-verification).
VERIFIED_TOKENS_MAX = 4096


class TokenVerifier:
    """Checks signature, algorithm, audience, issuer and expiry; returns a :class:`Principal`."""

    def __init__(
        self,
        jwks_url: str | None,
        *,
        audience: str,
        issuer: str,
        cache_seconds: int = 300,
        is_revoked: Callable[[Principal], bool] | None = None,
        leeway: int = 5,
        key_resolver: Callable[[str], Any] | None = None,
    ) -> None:
        # Identity verifies its own tokens from its key store (key_resolver); every other
        # service fetches identity's JWKS.
        if key_resolver is None and not jwks_url:
            raise ValueError("a JWKS URL or a key resolver is required")
        self._jwks = (
            # An unknown kid (a key rotation) refetches the JWKS at most every 2 s, not the
            # library's default 30 s, so new tokens work within seconds of a rotation.
            jwt.PyJWKClient(
                jwks_url, cache_keys=True, lifespan=cache_seconds, timeout=5, cooldown_duration=2
            )
            if jwks_url
            else None
        )
        self._key_resolver = key_resolver
        self._audience = audience
        self._issuer = issuer
        self._is_revoked = is_revoked
        self._leeway = leeway
        self._lock = threading.Lock()
        self._cache_seconds = cache_seconds
        self._verified: dict[str, tuple[Principal, float]] = {}
        self._verified_lock = threading.Lock()

    def verify(self, token: str) -> Principal:
        """Return the principal of a valid token or raise :class:`Unauthenticated`."""
        now = time.time()
        known = self._verified.get(token)
        if known is not None and now < known[1]:
            principal = known[0]
        else:
            principal = self._verify_signed(token)
            self._remember(token, principal, now)
        if self._is_revoked is not None and self._is_revoked(principal):
            raise Unauthenticated("The access token has been revoked.")
        return principal

    def _remember(self, token: str, principal: Principal, now: float) -> None:
        until = min(float(principal.expires_at or 0), now + self._cache_seconds)
        if until <= now:
            return
        with self._verified_lock:
            if len(self._verified) >= VERIFIED_TOKENS_MAX:
                live = {k: v for k, v in self._verified.items() if v[1] > now}
                self._verified = live if len(live) < VERIFIED_TOKENS_MAX else {}
            self._verified[token] = (principal, until)

    def _verify_signed(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthenticated("The access token is malformed.") from None
        if header.get("alg") != ALGORITHM or not header.get("kid"):
            raise Unauthenticated("The access token is not signed with an accepted algorithm.")
        try:
            key = self._signing_key(header["kid"])
        except jwt.PyJWKClientConnectionError:
            raise Unavailable("The signing keys cannot be fetched right now.") from None
        except jwt.PyJWKClientError:
            raise Unauthenticated("The access token is signed by an unknown key.") from None
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("The access token has expired.") from None
        except jwt.PyJWTError:
            raise Unauthenticated("The access token is not valid.") from None
        return principal_from_claims(claims)

    def _signing_key(self, kid: str) -> Any:
        if self._key_resolver is not None:
            key = self._key_resolver(kid)
            if key is None:
                raise jwt.PyJWKClientError(f"unknown key id {kid}")
            return key
        assert self._jwks is not None
        with self._lock:
            return self._jwks.get_signing_key(kid).key


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    """Map verified JWT claims to a :class:`Principal`."""
    scope = claims.get("scope") or ""
    return Principal(
        subject=str(claims["sub"]),
        kind=str(claims.get("typ", "user")),
        roles=tuple(claims.get("roles") or ()),
        scopes=frozenset(scope.split()) if isinstance(scope, str) else frozenset(scope),
        permissions=frozenset(claims.get("perms") or ()),
        email=claims.get("email"),
        name=claims.get("name"),
        token_id=claims.get("jti"),
        expires_at=claims.get("exp"),
        claims=dict(claims),
    )


def bearer_token(header_value: str | None) -> str:
    """Extract the token from an ``Authorization: Bearer`` value or raise Unauthenticated."""
    if not header_value:
        raise Unauthenticated("An access token is required.")
    scheme, _, token = header_value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("The Authorization header must be 'Bearer <token>'.")
    return token.strip()
