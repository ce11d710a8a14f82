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


class TokenType(enum.StrEnum):
    USER = "user"
    SERVICE = "service"


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
) -> dict[str, Any]:
    """Return the claims of a user's access token."""
    iat = int(now.timestamp())
    return {
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


def service_claims(
    *,
    account_id: UUID,
    client_id: str,
    name: str,
    scopes: tuple[str, ...],
    now: datetime,
    ttl_seconds: int,
    jti: str,
) -> dict[str, Any]:
    """Return the claims of a service account's access token (scopes, no roles)."""
    iat = int(now.timestamp())
    return {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(account_id),
        "iat": iat,
        "exp": iat + ttl_seconds,
        "jti": jti,
        "typ": TokenType.SERVICE.value,
        "client_id": client_id,
        "name": name,
        "roles": [],
        "perms": [],
        "scope": " ".join(scopes),
    }


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
