"""Public auth routes: the token endpoint (RFC 6749), revocation (RFC 7009), the JWKS."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import request

from crm_chassis import context
from crm_chassis.http import Api, Reply
from crm_identity.api.schemas import (
    JwksOut,
    MeOut,
    NamedRef,
    RevokeForm,
    TokenForm,
    TokenOut,
)
from crm_identity.domain.errors import oauth_error
from crm_identity.service.tokens import TokenRequest

if TYPE_CHECKING:
    from crm_identity.bootstrap import Identity

# RFC 6749 5.1: token responses must not be cached.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def client_ip(trusted_hops: int) -> str | None:
    """Return the caller's address: the one our ``trusted_hops`` proxies saw, else the peer."""
    forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a]
    if trusted_hops > 0 and len(forwarded) >= trusted_hops:
        return forwarded[-trusted_hops][:64]
    return request.remote_addr


def _basic_credentials() -> tuple[str | None, str | None]:
    auth = request.authorization
    if auth is not None and auth.type == "basic":
        return auth.username, auth.password
    return None, None


def register(api: Api, app: Identity) -> None:
    @api.route(
        "/auth/token",
        "POST",
        body=TokenForm,
        response=TokenOut,
        public=True,
        form=True,
        idempotent=False,
        summary="Issue tokens: grant_type password, refresh_token or client_credentials",
    )
    def token(body: TokenForm) -> Reply:
        basic_id, basic_secret = _basic_credentials()
        if basic_id is not None and body.client_id and body.client_id != basic_id:
            raise oauth_error("invalid_request", "Use one client authentication method only.")
        issued = app.tokens.grant(
            TokenRequest(
                grant_type=body.grant_type,
                username=body.username,
                password=body.password,
                refresh_token=body.refresh_token,
                client_id=basic_id or body.client_id,
                client_secret=basic_secret if basic_id is not None else body.client_secret,
                scope=body.scope,
                client_ip=client_ip(app.settings.trusted_proxy_hops),
            )
        )
        out = TokenOut(
            access_token=issued.access_token,
            expires_in=issued.expires_in,
            refresh_token=issued.refresh_token,
            scope=issued.scope,
        )
        return Reply(out.model_dump(exclude_none=True), headers=dict(NO_STORE))

    @api.route(
        "/auth/revoke",
        "POST",
        body=RevokeForm,
        public=True,
        form=True,
        idempotent=False,
        summary="Revoke a refresh token and its family (200 even if unknown)",
    )
    def revoke(body: RevokeForm) -> Reply:
        if not body.token:
            raise oauth_error("invalid_request", "The 'token' parameter is required.")
        app.tokens.revoke(body.token)
        return Reply(None, status=200, headers=dict(NO_STORE))

    @api.route(
        "/jwks",
        "GET",
        response=JwksOut,
        public=True,
        summary="Public keys that verify access tokens (JWKS)",
    )
    def jwks() -> Reply:
        # Short public caching: services refetch on an unknown kid anyway.
        return Reply(app.keys.jwks(), headers={"Cache-Control": "public, max-age=60"})

    @api.route("/me", "GET", response=MeOut, summary="Who the caller is: roles and permissions")
    def me() -> Reply:
        who = app.whoami(context.principal())
        return Reply(
            MeOut(
                id=who.id,
                kind=who.kind,
                email=who.email,
                display_name=who.display_name,
                roles=list(who.roles),
                is_admin=who.is_admin,
                role=NamedRef(**who.role) if who.role else None,
                profiles=[NamedRef(**p) for p in who.profiles],
                permissions=list(who.permissions),
                scopes=list(who.scopes),
                locale=who.locale,
                time_zone=who.time_zone,
                currency=who.currency,
                account_id=who.account_id,
                contact_id=who.contact_id,
            )
        )
