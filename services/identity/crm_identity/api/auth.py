"""The OAuth 2.0 endpoints: the token endpoint (RFC 6749) and revocation (RFC 7009).

Both are public and take JSON or form bodies; unknown parameters are ignored.
"""

from __future__ import annotations

from flask import request

from crm_chassis.errors import AppError
from crm_chassis.http import Blueprint, Empty, Reply, service
from crm_identity.api.schemas import RevokeForm, TokenForm, TokenOut
from crm_identity.bootstrap import Identity
from crm_identity.domain.commands import GrantTokens, RevokeToken
from crm_identity.domain.errors import oauth_error

bp = Blueprint("auth")

# RFC 6749 5.1: token responses must not be cached.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def client_ip(trusted_hops: int) -> str | None:
    """Return the caller's address: the one our ``trusted_hops`` proxies saw, else the peer."""
    forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a]
    if trusted_hops > 0 and len(forwarded) >= trusted_hops:
        return forwarded[-trusted_hops][:64]
    return request.remote_addr


def _client(body: TokenForm) -> tuple[str | None, str | None]:
    """The client's credentials: HTTP Basic or the body, never both (RFC 6749 2.3.1)."""
    auth = request.authorization
    if auth is None or auth.type != "basic":
        return body.client_id, body.client_secret
    if body.client_id and body.client_id != auth.username:
        raise oauth_error("invalid_request", "Use one client authentication method only.")
    return auth.username or body.client_id, auth.password


@bp.post(
    "/auth/token",
    body=TokenForm,
    response=TokenOut,
    public=True,
    form=True,
    idempotent=False,
    summary="Issue tokens: grant_type password, refresh_token or client_credentials",
)
def token(body: TokenForm) -> Reply:
    app = service(Identity)
    client_id, client_secret = _client(body)
    issued = app.run(
        GrantTokens(
            grant_type=body.grant_type,
            username=body.username,
            password=body.password,
            refresh_token=body.refresh_token,
            client_id=client_id,
            client_secret=client_secret,
            scope=body.scope,
            client_ip=client_ip(app.settings.trusted_proxy_hops),
        )
    )
    # Absent, not null: a client-credentials answer has no refresh token (RFC 6749 4.4.3).
    out = {k: v for k, v in vars(issued).items() if v is not None}
    return Reply(out, headers=dict(NO_STORE))


@bp.post(
    "/auth/revoke",
    body=RevokeForm,
    response=Empty(),
    public=True,
    form=True,
    idempotent=False,
    summary="Revoke an access token, or a refresh token with its family (200 even if unknown)",
)
def revoke(body: RevokeForm) -> Reply:
    if not body.token:
        raise oauth_error("invalid_request", "The 'token' parameter is required.")
    app = service(Identity)
    app.run(_revocation(app, body.token))
    return Reply(None, headers=dict(NO_STORE))


def _revocation(app: Identity, token: str) -> RevokeToken:
    """An access token we signed (still valid) is revoked by its jti; anything else is
    looked up as a refresh token."""
    if token.count(".") == 2:
        try:
            principal = app.verifier.verify(token)
        except AppError:
            principal = None
        if principal is not None and principal.token_id:
            return RevokeToken(
                token=token,
                access_token_id=str(principal.token_id),
                access_subject=principal.subject,
                access_expires_at=int(principal.expires_at) if principal.expires_at else None,
            )
    return RevokeToken(token=token)
