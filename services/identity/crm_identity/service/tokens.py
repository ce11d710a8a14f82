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
from datetime import UTC, datetime, timedelta

from crm_chassis.logging import get_logger
from crm_identity.domain import tokens as claims
from crm_identity.domain.commands import GrantTokens, RevokeToken
from crm_identity.domain.errors import oauth_error
from crm_identity.domain.ports import Clock, PasswordHasher, SigningKeys
from crm_identity.domain.throttling import SignInLimits
from crm_identity.domain.tokens import (
    IssuedTokens,
    Lifetimes,
    RefreshState,
    RefreshToken,
    parse_scope,
)
from crm_identity.domain.users import User
from crm_identity.service import throttling
from crm_identity.service.policy import grants_of
from crm_identity.service.unit_of_work import IdentityUnitOfWork, IdentityUnitOfWorkFactory

log = get_logger(__name__)

GRANTS = ("password", "refresh_token", "client_credentials")


def hash_refresh_token(value: str) -> str:
    # A refresh token is 256 random bits: a fast hash is enough (no dictionary to attack),
    # and it lets us look the token up by its hash.
    return hashlib.sha256(value.encode()).hexdigest()


def _required(value: str | None, name: str) -> str:
    if not value:
        raise oauth_error("invalid_request", f"The '{name}' parameter is required.")
    return value


def issue_for_user(
    tx: IdentityUnitOfWork,
    user: User,
    family_id: uuid.UUID,
    *,
    keys: SigningKeys,
    lifetimes: Lifetimes,
) -> IssuedTokens:
    """Sign an access token for ``user`` and add the next refresh token of ``family_id``."""
    now = tx.clock()
    value = secrets.token_urlsafe(32)
    tx.refresh_tokens.add(
        RefreshToken(
            id=uuid.uuid4(),
            family_id=family_id,
            user_id=user.id,
            issued_at=now,
            expires_at=now + timedelta(seconds=lifetimes.refresh_seconds),
        ),
        hash_refresh_token(value),
    )
    jti = str(uuid.uuid4())
    ttl = lifetimes.access_seconds
    token_claims: dict[str, object]
    if user.kind == "portal" and user.account_id and user.contact_id:
        token_claims = claims.portal_claims(
            user_id=user.id,
            email=user.email,
            name=user.display_name,
            account_id=user.account_id,
            contact_id=user.contact_id,
            now=now,
            ttl_seconds=ttl,
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
            ttl_seconds=ttl,
            jti=jti,
            role_id=grants.role.id if grants.role else None,
            role_name=grants.role.name if grants.role else None,
            locale=user.locale,
            time_zone=user.time_zone,
        )
    # sid: the refresh family, so revoking the family (or its replay) revokes these too.
    token_claims = {**token_claims, "sid": str(family_id)}
    return IssuedTokens(access_token=keys.sign(token_claims), expires_in=ttl, refresh_token=value)


def _password_grant(
    cmd: GrantTokens,
    *,
    uow: IdentityUnitOfWorkFactory,
    hasher: PasswordHasher,
    keys: SigningKeys,
    limits: SignInLimits,
    clock: Clock,
    lifetimes: Lifetimes,
) -> IssuedTokens:
    email = _required(cmd.username, "username")
    password = _required(cmd.password, "password")
    ip = cmd.client_ip
    account = throttling.email_key(email)
    recent_failures = throttling.check_sign_in(uow, limits, clock, account=account, ip=ip)
    with uow.read() as tx:
        user = tx.users.by_email(email)
    hashed = user.password_hash if user is not None else hasher.dummy_hash
    ok = hasher.verify(hashed, password) and user is not None and user.active
    if not ok or user is None:
        found = user.id if user is not None else None
        throttling.record_failure(uow, limits, clock, account=account, ip=ip, user_id=found)
        log.info("identity.login.failed", reason="bad_credentials_or_inactive")
        raise oauth_error("invalid_grant", "The email or password is wrong.")
    if recent_failures:
        throttling.reset_lockout(uow, clock, account=account, ip=ip)
    new_hash = hasher.hash(password) if hasher.needs_rehash(hashed) else None
    with uow() as tx:
        if new_hash is not None:
            fresh = tx.users.get(user.id)
            if fresh is not None:
                fresh.set_password_hash(new_hash, now=clock(), touch=False)
                tx.users.save(fresh, expected_version=fresh.version)
        issued = issue_for_user(tx, user, uuid.uuid4(), keys=keys, lifetimes=lifetimes)
        tx.audit.record(
            "sign_in.succeeded",
            actor_id=str(user.id),
            subject_type="user",
            subject_id=user.id,
            client_ip=ip,
        )
    log.info("identity.login.succeeded", user_id=str(user.id))
    return issued


def revoke_session(tx: IdentityUnitOfWork, family_id: uuid.UUID, lifetimes: Lifetimes) -> None:
    """Refuse every access token of a refresh family (their ``sid``) at every service, until
    the last of them expires: published with the policy snapshot of this transaction."""
    now = tx.clock()
    until = now + timedelta(seconds=lifetimes.access_seconds + 60)
    tx.revocations.add("session", str(family_id), until, now)
    tx.mark_policy_changed()


def _reuse_detected(tx: IdentityUnitOfWork, token: RefreshToken, lifetimes: Lifetimes) -> None:
    # Reuse of a rotated token: someone else holds this family. End it for both, access
    # tokens included.
    revoked = tx.refresh_tokens.revoke_family(token.family_id, tx.clock())
    revoke_session(tx, token.family_id, lifetimes)
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


def _refresh_grant(
    cmd: GrantTokens,
    *,
    uow: IdentityUnitOfWorkFactory,
    keys: SigningKeys,
    clock: Clock,
    lifetimes: Lifetimes,
) -> IssuedTokens:
    value = _required(cmd.refresh_token, "refresh_token")
    now = clock()
    issued: IssuedTokens | None = None
    with uow() as tx:
        token = tx.refresh_tokens.by_hash(hash_refresh_token(value))
        state = token.state(now) if token is not None else None
        if token is not None and state is RefreshState.USABLE:
            user = tx.users.get(token.user_id)
            if not tx.refresh_tokens.consume(token.id, now):
                state = RefreshState.CONSUMED  # a concurrent request used it first
            elif user is None or not user.active:
                tx.refresh_tokens.revoke_family(token.family_id, now)
            else:
                issued = issue_for_user(
                    tx, user, token.family_id, keys=keys, lifetimes=lifetimes
                )
        if token is not None and state is RefreshState.CONSUMED:
            _reuse_detected(tx, token, lifetimes)
    if issued is None:
        raise oauth_error("invalid_grant", "The refresh token is invalid, expired or revoked.")
    return issued


def _client_credentials_grant(
    cmd: GrantTokens,
    *,
    uow: IdentityUnitOfWorkFactory,
    hasher: PasswordHasher,
    keys: SigningKeys,
    limits: SignInLimits,
    clock: Clock,
    lifetimes: Lifetimes,
) -> IssuedTokens:
    client_id, secret, ip = cmd.client_id, cmd.client_secret, cmd.client_ip
    if not client_id or not secret:
        raise oauth_error("invalid_client", "Client authentication is required.")
    # Per (client, address) pair, never per address alone: one anonymous caller must not
    # lock out every service account behind the same proxy (issue 12, case 5).
    account_key = throttling.client_key(client_id)
    recent = throttling.check_sign_in(
        uow, limits, clock, account=account_key, ip=ip, per_ip=False
    )
    with uow.read() as tx:
        account = tx.service_accounts.by_client_id(client_id)
    hashed = account.secret_hash if account is not None else hasher.dummy_hash
    ok = hasher.verify(hashed, secret) and account is not None and account.active
    if not ok or account is None:
        throttling.record_failure(
            uow, limits, clock, account=account_key, ip=ip, kind="client_auth.failed", per_ip=False
        )
        log.info("identity.client_auth.failed")
        raise oauth_error("invalid_client", "The client id or secret is wrong.")
    if recent:
        throttling.reset_lockout(uow, clock, account=account_key, ip=ip)
    scopes = account.grant(parse_scope(cmd.scope))
    access = keys.sign(
        claims.service_claims(
            account_id=account.id,
            client_id=account.client_id,
            name=account.name,
            scopes=scopes,
            now=clock(),
            ttl_seconds=lifetimes.access_seconds,
            jti=str(uuid.uuid4()),
        )
    )
    log.info("identity.client_token.issued", client_id=account.client_id)
    return IssuedTokens(
        access_token=access, expires_in=lifetimes.access_seconds, scope=" ".join(scopes)
    )


def grant_tokens(
    cmd: GrantTokens,
    *,
    uow: IdentityUnitOfWorkFactory,
    hasher: PasswordHasher,
    keys: SigningKeys,
    limits: SignInLimits,
    clock: Clock,
    lifetimes: Lifetimes,
) -> IssuedTokens:
    """Answer a token request, or raise an OAuth error / TooManyAttempts."""
    grant_type = _required(cmd.grant_type, "grant_type")
    if grant_type == "password":
        return _password_grant(
            cmd, uow=uow, hasher=hasher, keys=keys, limits=limits, clock=clock, lifetimes=lifetimes
        )
    if grant_type == "refresh_token":
        return _refresh_grant(cmd, uow=uow, keys=keys, clock=clock, lifetimes=lifetimes)
    if grant_type == "client_credentials":
        return _client_credentials_grant(
            cmd, uow=uow, hasher=hasher, keys=keys, limits=limits, clock=clock, lifetimes=lifetimes
        )
    raise oauth_error("unsupported_grant_type", f"grant_type must be one of {', '.join(GRANTS)}.")


def revoke_token(
    cmd: RevokeToken, *, uow: IdentityUnitOfWorkFactory, clock: Clock, lifetimes: Lifetimes
) -> None:
    """Revoke an access token (by its jti), or a refresh token's family with every access
    token issued in it (by their sid); unknown tokens are ignored. Every service refuses
    what is revoked once the policy snapshot published here reaches it (about a second)."""
    if cmd.access_token_id:
        _revoke_access_token(cmd, uow=uow, clock=clock, lifetimes=lifetimes)
        return
    now = clock()
    with uow() as tx:
        found = tx.refresh_tokens.by_hash(hash_refresh_token(cmd.token))
        if found is None:
            return
        count = tx.refresh_tokens.revoke_family(found.family_id, now)
        revoke_session(tx, found.family_id, lifetimes)
        tx.audit.record(
            "token.revoked",
            actor_id=str(found.user_id),
            subject_type="user",
            subject_id=found.user_id,
            details={"reason": "revocation", "family_id": found.family_id, "refresh_tokens": count},
        )
    log.info("identity.refresh_token.revoked", family_id=str(found.family_id))


def _revoke_access_token(
    cmd: RevokeToken, *, uow: IdentityUnitOfWorkFactory, clock: Clock, lifetimes: Lifetimes
) -> None:
    now = clock()
    if cmd.access_expires_at:
        until = datetime.fromtimestamp(cmd.access_expires_at, UTC) + timedelta(seconds=60)
    else:
        until = now + timedelta(seconds=lifetimes.access_seconds + 60)
    assert cmd.access_token_id is not None
    with uow() as tx:
        tx.revocations.add("token", cmd.access_token_id, until, now)
        tx.mark_policy_changed()
        tx.audit.record(
            "token.revoked",
            actor_id=cmd.access_subject,
            subject_type=None,
            subject_id=None,
            details={"reason": "revocation", "jti": cmd.access_token_id},
        )
    log.info("identity.access_token.revoked", jti=cmd.access_token_id)
