"""The token endpoint's grants (RFC 6749) and refresh-token revocation (RFC 7009).

Error choices, documented in the README: a wrong email or password is ``invalid_grant``
(400) with one message for both, so the answer never tells whether an email exists; a
wrong client id or secret is ``invalid_client`` (401); a consumed refresh token presented
again revokes its whole family and is ``invalid_grant``.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from crm_chassis.logging import get_logger
from crm_identity.domain import tokens as claims
from crm_identity.domain.errors import oauth_error
from crm_identity.domain.passwords import PasswordHasher
from crm_identity.domain.tokens import RefreshState, RefreshToken, parse_scope
from crm_identity.domain.users import User
from crm_identity.service.policy import grants_of
from crm_identity.service.throttling import LoginThrottle
from crm_identity.service.unit_of_work import Tx, UnitOfWork

log = get_logger(__name__)

GRANTS = ("password", "refresh_token", "client_credentials")


class Signer(Protocol):
    def sign(self, claims: dict[str, Any]) -> str: ...


@dataclass(frozen=True)
class TokenRequest:
    grant_type: str | None = None
    username: str | None = None
    password: str | None = None
    refresh_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    scope: str | None = None
    client_ip: str | None = None


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    expires_in: int
    refresh_token: str | None = None
    scope: str | None = None
    token_type: str = "Bearer"


def hash_refresh_token(value: str) -> str:
    # A refresh token is 256 random bits: a fast hash is enough (no dictionary to attack),
    # and it lets us look the token up by its hash.
    return hashlib.sha256(value.encode()).hexdigest()


def _required(value: str | None, name: str) -> str:
    if not value:
        raise oauth_error("invalid_request", f"The '{name}' parameter is required.")
    return value


class TokenService:
    def __init__(
        self,
        uow: UnitOfWork,
        hasher: PasswordHasher,
        signer: Signer,
        throttle: LoginThrottle,
        *,
        access_ttl: int,
        refresh_ttl: int,
    ) -> None:
        self.uow = uow
        self.hasher = hasher
        self.signer = signer
        self.throttle = throttle
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl

    def grant(self, req: TokenRequest) -> IssuedTokens:
        """Answer a token request, or raise an OAuth error / TooManyAttempts."""
        grant_type = _required(req.grant_type, "grant_type")
        if grant_type == "password":
            return self._password(req)
        if grant_type == "refresh_token":
            return self._refresh(req)
        if grant_type == "client_credentials":
            return self._client_credentials(req)
        raise oauth_error(
            "unsupported_grant_type", f"grant_type must be one of {', '.join(GRANTS)}."
        )

    # -- password -------------------------------------------------------------------------

    def _password(self, req: TokenRequest) -> IssuedTokens:
        email = _required(req.username, "username")
        password = _required(req.password, "password")
        recent_failures = self.throttle.check(email=email, ip=req.client_ip)
        with self.uow.read() as tx:
            user = tx.users.by_email(email)
        hashed = user.password_hash if user is not None else self.hasher.dummy_hash
        ok = self.hasher.verify(hashed, password) and user is not None and user.active
        if not ok or user is None:
            self.throttle.record_failure(
                email=email, ip=req.client_ip, user_id=user.id if user is not None else None
            )
            log.info("identity.login.failed", reason="bad_credentials_or_inactive")
            raise oauth_error("invalid_grant", "The email or password is wrong.")
        if recent_failures:
            self.throttle.reset(email=email)
        new_hash = self.hasher.hash(password) if self.hasher.needs_rehash(hashed) else None
        with self.uow.write() as tx:
            if new_hash is not None:
                fresh = tx.users.get(user.id)
                if fresh is not None:
                    fresh.set_password_hash(new_hash, now=self.uow.clock(), touch=False)
                    tx.users.save(fresh, expected_version=fresh.version)
                    tx.users.seen.clear()
            issued = self._issue_for_user(tx, user, family_id=uuid.uuid4())
            tx.audit.record(
                "sign_in.succeeded",
                actor_id=str(user.id),
                subject_type="user",
                subject_id=user.id,
                client_ip=req.client_ip,
            )
        log.info("identity.login.succeeded", user_id=str(user.id))
        return issued

    # -- refresh_token --------------------------------------------------------------------

    def _refresh(self, req: TokenRequest) -> IssuedTokens:
        value = _required(req.refresh_token, "refresh_token")
        now = self.uow.clock()
        issued: IssuedTokens | None = None
        with self.uow.write() as tx:
            token = tx.refresh_tokens.by_hash(hash_refresh_token(value))
            state = token.state(now) if token is not None else None
            if token is not None and state is RefreshState.USABLE:
                user = tx.users.get(token.user_id)
                if not tx.refresh_tokens.consume(token.id, now):
                    state = RefreshState.CONSUMED  # a concurrent request used it first
                elif user is None or not user.active:
                    tx.refresh_tokens.revoke_family(token.family_id, now)
                else:
                    issued = self._issue_for_user(tx, user, family_id=token.family_id)
            if token is not None and state is RefreshState.CONSUMED:
                # Reuse of a rotated token: someone else holds this family. End it for both.
                revoked = tx.refresh_tokens.revoke_family(token.family_id, now)
                tx.audit.record(
                    "token.reuse_detected",
                    actor_id=None,
                    subject_type="user",
                    subject_id=token.user_id,
                    details={"family_id": token.family_id, "refresh_tokens": revoked},
                )
                log.warning(
                    "identity.refresh_token.reused",
                    user_id=str(token.user_id),
                    family_id=str(token.family_id),
                    revoked=revoked,
                )
        if issued is None:
            raise oauth_error("invalid_grant", "The refresh token is invalid, expired or revoked.")
        return issued

    def _issue_for_user(self, tx: Tx, user: User, *, family_id: uuid.UUID) -> IssuedTokens:
        now = self.uow.clock()
        value = secrets.token_urlsafe(32)
        tx.refresh_tokens.add(
            RefreshToken(
                id=uuid.uuid4(),
                family_id=family_id,
                user_id=user.id,
                issued_at=now,
                expires_at=now + timedelta(seconds=self.refresh_ttl),
            ),
            hash_refresh_token(value),
        )
        jti = str(uuid.uuid4())
        if user.kind == "portal" and user.account_id and user.contact_id:
            token_claims = claims.portal_claims(
                user_id=user.id,
                email=user.email,
                name=user.display_name,
                account_id=user.account_id,
                contact_id=user.contact_id,
                now=now,
                ttl_seconds=self.access_ttl,
                jti=jti,
                locale=user.locale,
                time_zone=user.time_zone,
            )
        else:
            grants = grants_of(tx, user)
            token_claims = claims.user_claims(
                user_id=user.id,
                email=user.email,
                name=user.display_name,
                roles=user.roles,
                permissions=list(grants.permissions),
                now=now,
                ttl_seconds=self.access_ttl,
                jti=jti,
                role_id=grants.role.id if grants.role else None,
                role_name=grants.role.name if grants.role else None,
                locale=user.locale,
                time_zone=user.time_zone,
            )
        access = self.signer.sign(token_claims)
        return IssuedTokens(access_token=access, expires_in=self.access_ttl, refresh_token=value)

    # -- client_credentials ---------------------------------------------------------------

    def _client_credentials(self, req: TokenRequest) -> IssuedTokens:
        client_id = req.client_id
        secret = req.client_secret
        if not client_id or not secret:
            raise oauth_error("invalid_client", "Client authentication is required.")
        self.throttle.check(email=None, ip=req.client_ip)
        with self.uow.read() as tx:
            account = tx.service_accounts.by_client_id(client_id)
        hashed = account.secret_hash if account is not None else self.hasher.dummy_hash
        ok = self.hasher.verify(hashed, secret) and account is not None and account.active
        if not ok or account is None:
            self.throttle.record_failure(email=None, ip=req.client_ip, kind="client_auth.failed")
            log.info("identity.client_auth.failed")
            raise oauth_error("invalid_client", "The client id or secret is wrong.")
        scopes = account.grant(parse_scope(req.scope))
        access = self.signer.sign(
            claims.service_claims(
                account_id=account.id,
                client_id=account.client_id,
                name=account.name,
                scopes=scopes,
                now=self.uow.clock(),
                ttl_seconds=self.access_ttl,
                jti=str(uuid.uuid4()),
            )
        )
        log.info("identity.client_token.issued", client_id=account.client_id)
        return IssuedTokens(access_token=access, expires_in=self.access_ttl, scope=" ".join(scopes))

    # -- revocation -----------------------------------------------------------------------

    def revoke(self, token: str) -> None:
        """Revoke a refresh token's family; unknown tokens (and access tokens) are ignored.

        Access tokens are not stored: they live 15 minutes and services drop a deactivated
        user's tokens through the identity.user.deactivated event.
        """
        now = self.uow.clock()
        with self.uow.write() as tx:
            found = tx.refresh_tokens.by_hash(hash_refresh_token(token))
            if found is not None:
                count = tx.refresh_tokens.revoke_family(found.family_id, now)
                tx.audit.record(
                    "token.revoked",
                    actor_id=str(found.user_id),
                    subject_type="user",
                    subject_id=found.user_id,
                    details={
                        "reason": "revocation",
                        "family_id": found.family_id,
                        "refresh_tokens": count,
                    },
                )
                log.info("identity.refresh_token.revoked", family_id=str(found.family_id))
