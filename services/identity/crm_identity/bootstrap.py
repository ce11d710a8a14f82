"""The one place that chooses implementations and wires identity's use cases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.db import Database, utcnow
from crm_chassis.events.outbox import Outbox, OutboxRecorder
from crm_chassis.usecases import UseCases
from crm_identity.adapters.passwords import Argon2Hasher
from crm_identity.adapters.signing_keys import KeyStore
from crm_identity.adapters.tables import event_tables
from crm_identity.adapters.verifier import local_verifier
from crm_identity.config import Settings
from crm_identity.domain.commands import (
    EnsureFirstAdmin,
    EnsureSigningKey,
    SeedAccessModel,
    SyncSystemAccounts,
)
from crm_identity.domain.lockout import LockoutPolicy
from crm_identity.domain.ports import Clock
from crm_identity.domain.throttling import Limit, SignInLimits
from crm_identity.domain.tokens import Lifetimes
from crm_identity.events.outgoing import SOURCE, translate
from crm_identity.service import (
    groups,
    profiles,
    roles,
    seeding,
    service_accounts,
    sharing,
    signing_keys,
    tokens,
    users,
)
from crm_identity.service.access import IdentityAccess
from crm_identity.service.queries import Queries
from crm_identity.service.unit_of_work import IdentityUnitOfWorkFactory

USE_CASES = (
    users,
    service_accounts,
    tokens,
    signing_keys,
    seeding,
    roles,
    profiles,
    groups,
    sharing,
)


@dataclass(frozen=True)
class Identity:
    """Identity wired for one process: what REST, gRPC and the CLIs work with."""

    settings: Settings
    db: Database
    uow: IdentityUnitOfWorkFactory
    run: UseCases
    queries: Queries
    keys: KeyStore
    verifier: TokenVerifier
    access: IdentityAccess


def _limits(settings: Settings) -> SignInLimits:
    window = timedelta(seconds=settings.login_window_seconds)
    return SignInLimits(
        window=window,
        per_ip=Limit(settings.login_max_failures_per_ip, window),
        per_account=Limit(settings.login_max_failures_per_account, window),
        lockout=LockoutPolicy(
            settings.login_max_failures_per_email,
            settings.lockout_base_seconds,
            settings.lockout_max_seconds,
        ),
    )


def _revocation(uow: IdentityUnitOfWorkFactory) -> Callable[[Principal], bool]:
    def is_revoked(principal: Principal) -> bool:
        # Identity can afford the lookups that other services replace with the policy
        # snapshot: a deactivated user's token, a revoked token or a revoked session
        # stops working here at once.
        session = principal.claims.get("sid") if principal.claims else None
        token_id = str(principal.token_id) if principal.token_id else None
        with uow.read() as tx:
            if tx.revocations.is_revoked(token_id, session, uow.clock()):
                return True
            if principal.kind != "user":
                return False
            try:
                user_id = UUID(principal.subject)
            except ValueError:
                return True
            user = tx.users.get(user_id)
        return user is None or not user.active

    return is_revoked


def bootstrap(settings: Settings, *, db: Database | None = None, clock: Clock = utcnow) -> Identity:
    """Build identity's object graph for one process (call after any fork)."""
    db = db or Database(settings.sqlalchemy_url())
    uow = IdentityUnitOfWorkFactory(
        db, OutboxRecorder(Outbox(SOURCE, event_tables), translate), clock
    )
    passphrase = settings.signing_key_passphrase
    keys = KeyStore(
        db,
        passphrase=passphrase.get_secret_value() if passphrase else None,
        cache_seconds=settings.signing_key_cache_seconds,
    )
    run = UseCases.from_modules(
        USE_CASES,
        uow=uow,
        clock=clock,
        keys=keys,
        hasher=Argon2Hasher(
            time_cost=settings.argon2_time_cost,
            memory_kib=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
        ),
        limits=_limits(settings),
        lifetimes=Lifetimes(settings.access_token_ttl_seconds, settings.refresh_token_ttl_seconds),
        # Old keys stay published while tokens they signed live, and while other processes'
        # key caches may still sign with them.
        key_grace_seconds=settings.access_token_ttl_seconds
        + settings.signing_key_cache_seconds
        + 60,
    )
    verifier = local_verifier(
        keys,
        audience=settings.token_audience,
        issuer=settings.token_issuer,
        is_revoked=_revocation(uow),
    )
    return Identity(
        settings=settings,
        db=db,
        uow=uow,
        run=run,
        queries=Queries(uow),
        keys=keys,
        verifier=verifier,
        access=IdentityAccess(uow),
    )


def first_start(app: Identity) -> None:
    """First-start work, idempotent: signing key, access model, system accounts, admin."""
    settings = app.settings
    app.run(EnsureSigningKey())
    app.run(SeedAccessModel())
    app.run(SyncSystemAccounts(secrets=dict(settings.service_secrets)))
    password = settings.admin_password
    app.run(
        EnsureFirstAdmin(
            email=settings.admin_email,
            password=password.get_secret_value() if password is not None else None,
        )
    )
