"""What goes into an access token, and the life of a refresh token.

Refresh tokens rotate: each use consumes the presented token and issues a new one of the same
family. A consumed token presented again means two parties hold the family (one of them
stole it), so the whole family is revoked and both must sign in again (RFC 6819 5.2.2.3,
OAuth 2.0 Security BCP 4.14).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

ISSUER = "crm-identity"
AUDIENCE = "crm"

#: A JWT claim set (RFC 7519): free-form by design, so a plain mapping of names to values.
Claims = dict[str, Any]


class TokenType(enum.StrEnum):
    USER = "user"
    SERVICE = "service"
    PORTAL = "portal"


# What a customer signed in to the self-service portal may do, and nothing more. Each is
# ``portal.<module>.read|write`` (crm_access's decision order): the module as the services
# name it, answered only with records of the portal user's own account or contact.
PORTAL_SCOPES: tuple[str, ...] = (
    "portal.tickets.read",
    "portal.tickets.write",
    "portal.knowledge_base.read",
    "portal.quotes.read",
    "portal.sales_orders.read",
    "portal.invoices.read",
)


def user_claims(
    *,
    user_id: UUID,
    email: str,
    name: str,
    roles: tuple[str, ...],
    permissions: list[str],
    now: datetime,
    ttl_seconds: int,
    jti: str,
    role_id: UUID | None = None,
    role_name: str | None = None,
    locale: str | None = None,
    time_zone: str | None = None,
) -> Claims:
    """Return the claims of a user's access token.

    ``roles`` is ``["admin"]`` for administrators (what services' ``Principal.is_admin``
    reads); ``perms`` is the union of the role's profiles, a fallback for services whose
    policy copy does not know the user yet.
    """
    iat = int(now.timestamp())
    claims: Claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(user_id),
        "iat": iat,
        "exp": iat + ttl_seconds,
        "jti": jti,
        "typ": TokenType.USER.value,
        "roles": list(roles),
        "perms": permissions,
        "email": email,
        "name": name,
    }
    if role_id is not None:
        claims["role_id"] = str(role_id)
        claims["role"] = role_name
    if locale:
        claims["locale"] = locale
    if time_zone:
        claims["tz"] = time_zone
    return claims


def portal_claims(
    *,
    user_id: UUID,
    email: str,
    name: str,
    account_id: UUID,
    contact_id: UUID,
    now: datetime,
    ttl_seconds: int,
    jti: str,
    locale: str | None = None,
    time_zone: str | None = None,
) -> Claims:
    """Return the claims of a portal user's token: their account and contact, portal scopes."""
    iat = int(now.timestamp())
    return {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(user_id),
        "iat": iat,
        "exp": iat + ttl_seconds,
        "jti": jti,
        "typ": TokenType.PORTAL.value,
        "roles": [],
        "perms": [],
        "scope": " ".join(PORTAL_SCOPES),
        "account_id": str(account_id),
        "contact_id": str(contact_id),
        "email": email,
        "name": name,
        "locale": locale,
        "tz": time_zone,
    }


def service_claims(
    *,
    account_id: UUID,
    client_id: str,
    name: str,
    scopes: tuple[str, ...],
    now: datetime,
    ttl_seconds: int,
    jti: str,
) -> Claims:
    """Return the claims of a service account's access token (scopes, no roles).

    ``typ`` comes first, so the payload of every service token starts with the same bytes
    (``eyJ0eXAiOiJzZXJ2aWNlI`` in base64url): the gateway gives such tokens the service
    accounts' rate limit without decoding them (gateway/dynamic/routes.yml). A forged one
    gains nothing but a bucket of its own; the service still refuses it.
    """
    iat = int(now.timestamp())
    return {
        "typ": TokenType.SERVICE.value,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(account_id),
        "iat": iat,
        "exp": iat + ttl_seconds,
        "jti": jti,
        "client_id": client_id,
        "name": name,
        "roles": [],
        "perms": [],
        "scope": " ".join(scopes),
    }


@dataclass(frozen=True)
class IssuedTokens:
    """What the token endpoint answers (RFC 6749 5.1)."""

    access_token: str
    expires_in: int
    refresh_token: str | None = None
    scope: str | None = None
    token_type: str = "Bearer"


class RefreshState(enum.Enum):
    USABLE = "usable"
    EXPIRED = "expired"
    CONSUMED = "consumed"
    REVOKED = "revoked"


@dataclass(frozen=True)
class RefreshToken:
    id: UUID
    family_id: UUID
    user_id: UUID
    issued_at: datetime
    expires_at: datetime
    consumed_at: datetime | None = None
    revoked_at: datetime | None = None

    def state(self, now: datetime) -> RefreshState:
        if self.revoked_at is not None:
            return RefreshState.REVOKED
        if self.consumed_at is not None:
            return RefreshState.CONSUMED
        if now >= self.expires_at:
            return RefreshState.EXPIRED
        return RefreshState.USABLE


def parse_scope(text: str | None) -> tuple[str, ...]:
    """Split an OAuth ``scope`` string into distinct scopes, order kept."""
    return tuple(dict.fromkeys((text or "").split()))


@dataclass(frozen=True)
class Lifetimes:
    """How long tokens live: access tokens briefly, refresh tokens sliding."""

    access_seconds: int
    refresh_seconds: int
