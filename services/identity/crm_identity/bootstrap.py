"""The one place that chooses implementations and wires identity's use cases."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.auth.tokens import TokenVerifier
from crm_chassis.db import Database, utcnow
from crm_identity.adapters.passwords import Argon2Hasher
from crm_identity.adapters.signing_keys import KeyStore
from crm_identity.adapters.verifier import local_verifier
from crm_identity.config import Settings
from crm_identity.events.outgoing import EventPublisher
from crm_identity.service.access import IdentityAccess
from crm_identity.service.access_model import AccessModel
from crm_identity.service.audit import AuditQueries
from crm_identity.service.first_admin import ensure_first_admin
from crm_identity.service.me import WhoAmI
from crm_identity.service.policy import PolicyQueries
from crm_identity.service.queries import UserQueries
from crm_identity.service.seeding import ensure_access_model
from crm_identity.service.service_accounts import ServiceAccountUseCases
from crm_identity.service.throttling import LoginThrottle
from crm_identity.service.tokens import TokenService
from crm_identity.service.unit_of_work import Clock, UnitOfWork
from crm_identity.service.users import UserUseCases


@dataclass
class Identity:
    """Identity's wired use cases, handed to the REST and gRPC entrypoints."""

    settings: Settings
    db: Database
    uow: UnitOfWork
    keys: KeyStore
    users: UserUseCases
    queries: UserQueries
    tokens: TokenService
    service_accounts: ServiceAccountUseCases
    whoami: WhoAmI
    verifier: TokenVerifier
    access: IdentityAccess
    model: AccessModel
    policy: PolicyQueries
    audit: AuditQueries

    def rotate_signing_key(self, actor: str | None = None) -> str:
        """Start signing with a new key; old keys verify until their tokens expired."""
        grace = self.settings.access_token_ttl_seconds + self.settings.signing_key_cache_seconds
        kid = self.keys.rotate(self.uow.clock(), grace_seconds=grace + 60)
        with self.uow.write() as tx:
            tx.audit.record(
                "signing_key.rotated", actor_id=actor, subject_type="signing_key", subject_id=kid
            )
        return kid

    def initialize(self) -> None:
        """First-start work, idempotent: signing key, access model, system accounts, admin."""
        self.keys.ensure_key(self.uow.clock())
        ensure_access_model(self.uow)
        self.service_accounts.ensure_system_accounts(dict(self.settings.service_secrets))
        password = self.settings.admin_password
        ensure_first_admin(
            self.users,
            self.settings.admin_email,
            password.get_secret_value() if password is not None else None,
        )


def bootstrap(settings: Settings, *, db: Database | None = None, clock: Clock = utcnow) -> Identity:
    """Build identity's object graph for one process (call after any fork)."""
    db = db or Database(settings.sqlalchemy_url())
    uow = UnitOfWork(db, EventPublisher(), clock)
    hasher = Argon2Hasher(
        time_cost=settings.argon2_time_cost,
        memory_kib=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
    )
    passphrase = settings.signing_key_passphrase
    keys = KeyStore(
        db,
        passphrase=passphrase.get_secret_value() if passphrase else None,
        cache_seconds=settings.signing_key_cache_seconds,
    )
    throttle = LoginThrottle(
        uow,
        window_seconds=settings.login_window_seconds,
        per_email=settings.login_max_failures_per_email,
        per_ip=settings.login_max_failures_per_ip,
        lockout_base_seconds=settings.lockout_base_seconds,
        lockout_max_seconds=settings.lockout_max_seconds,
    )
    users = UserUseCases(uow, hasher)

    def is_revoked(principal: Principal) -> bool:
        # Identity can afford the lookup that other services replace with the
        # identity.user.deactivated event: a deactivated user's token stops working here
        # at once.
        if principal.kind != "user":
            return False
        try:
            user_id = UUID(principal.subject)
        except ValueError:
            return True
        with uow.read() as tx:
            user = tx.users.get(user_id)
        return user is None or not user.active

    return Identity(
        settings=settings,
        db=db,
        uow=uow,
        keys=keys,
        users=users,
        queries=UserQueries(uow),
        tokens=TokenService(
            uow,
            hasher,
            keys,
            throttle,
            access_ttl=settings.access_token_ttl_seconds,
            refresh_ttl=settings.refresh_token_ttl_seconds,
        ),
        service_accounts=ServiceAccountUseCases(uow, hasher),
        whoami=WhoAmI(uow),
        access=IdentityAccess(uow),
        model=AccessModel(uow),
        policy=PolicyQueries(uow),
        audit=AuditQueries(uow),
        verifier=local_verifier(
            keys,
            audience=settings.token_audience,
            issuer=settings.token_issuer,
            is_revoked=is_revoked,
        ),
    )
