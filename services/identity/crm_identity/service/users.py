"""User use cases: register, change (role, admin flag, state, settings, password), deactivate,
and the operator-configured first administrator."""

from __future__ import annotations

import uuid
from datetime import datetime
from uuid import UUID

from crm_chassis.auth.principal import Principal
from crm_chassis.errors import InvalidFields, RecordNotFound, invalid
from crm_chassis.logging import get_logger
from crm_identity.domain import defaults
from crm_identity.domain.commands import (
    ChangeUser,
    DeactivateUser,
    EnsureFirstAdmin,
    RegisterUser,
)
from crm_identity.domain.errors import EmailTaken, LastAdministrator
from crm_identity.domain.passwords import check_password_policy
from crm_identity.domain.ports import Clock, PasswordHasher
from crm_identity.domain.users import User, UserFields
from crm_identity.domain.versions import ChangedMeanwhile
from crm_identity.service.audit import actor_of
from crm_identity.service.unit_of_work import IdentityUnitOfWork, IdentityUnitOfWorkFactory

log = get_logger(__name__)


def _user(tx: IdentityUnitOfWork, user_id: UUID) -> User:
    user = tx.users.get(user_id)
    if user is None:
        raise RecordNotFound("user", user_id)
    return user


def _new_user(cmd: RegisterUser, password_hash: str, now: datetime) -> User:
    return User.register(
        id=uuid.uuid4(),
        email=cmd.email,
        display_name=cmd.display_name,
        password_hash=password_hash,
        roles=cmd.roles,
        is_admin=cmd.is_admin,
        role_id=cmd.role_id,
        kind=cmd.kind,
        account_id=cmd.account_id,
        contact_id=cmd.contact_id,
        locale=cmd.locale,
        time_zone=cmd.time_zone,
        currency=cmd.currency,
        now=now,
    )


def _give_role(tx: IdentityUnitOfWork, user: User) -> None:
    """Staff users have one role: the one asked for, else the default for their kind."""
    if user.role_id is None:
        user.role_id = defaults.ADMIN_ROLE if user.is_admin else defaults.DEFAULT_USER_ROLE
        if tx.roles.get(user.role_id) is None:
            raise invalid("role_id", "is required (the default role is gone)")
    elif tx.roles.get(user.role_id) is None:
        raise invalid("role_id", "no such role")


def _register(
    cmd: RegisterUser,
    *,
    uow: IdentityUnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
    actor: str | None,
) -> User:
    with uow.read() as tx:
        if tx.users.by_email(cmd.email) is not None:
            raise EmailTaken()
    # Validate the fields before paying for the hash.
    _new_user(cmd, "", clock())
    # Hash outside the write transaction: argon2 takes tens of ms and SQLite has one writer.
    user = _new_user(cmd, hasher.hash(cmd.password), clock())
    with uow() as tx:
        if user.kind == "user":
            _give_role(tx, user)
        tx.users.add(user)
        tx.audit.record(
            "user.created",
            actor_id=actor,
            subject_type="user",
            subject_id=user.id,
            details={
                "email": user.email,
                "role_id": user.role_id,
                "is_admin": user.is_admin,
                "kind": user.kind,
            },
        )
    return user


def register_user(
    cmd: RegisterUser,
    *,
    uow: IdentityUnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
    caller: Principal,
) -> User:
    """Create a user; 409 when the email is taken, 422 when a field or password is bad."""
    check_password_policy(cmd.password, email=cmd.email)
    return _register(cmd, uow=uow, hasher=hasher, clock=clock, actor=actor_of(caller))


def _password_hash(
    cmd: ChangeUser, uow: IdentityUnitOfWorkFactory, hasher: PasswordHasher
) -> str | None:
    if cmd.password is None:
        return None
    with uow.read() as tx:
        current = tx.users.get(cmd.user_id)
    email = cmd.fields.email or (current.email if current else None)
    check_password_policy(cmd.password, email=email)
    return hasher.hash(cmd.password)


def _audit_change(
    tx: IdentityUnitOfWork, user: User, changed: tuple[str, ...], password: bool, actor: str | None
) -> None:
    details: dict[str, object] = {name: getattr(user, name) for name in changed}
    if password:
        details["password"] = "changed"
    tx.audit.record(
        "user.updated", actor_id=actor, subject_type="user", subject_id=user.id, details=details
    )
    if not user.active or password:
        # A deactivated user, or one whose password was reset, keeps no session.
        revoked = tx.refresh_tokens.revoke_user(user.id, tx.clock())
        if revoked:
            tx.audit.record(
                "token.revoked",
                actor_id=actor,
                subject_type="user",
                subject_id=user.id,
                details={
                    "reason": "deactivated" if not user.active else "password",
                    "refresh_tokens": revoked,
                },
            )


def _change(
    cmd: ChangeUser,
    new_hash: str | None,
    *,
    uow: IdentityUnitOfWorkFactory,
    clock: Clock,
    actor: str | None,
) -> User:
    with uow() as tx:
        user = _user(tx, cmd.user_id)
        user.check_version(cmd.expected_version)
        loaded, was_admin = user.version, user.active and user.is_admin
        changed = user.change(cmd.fields, cmd.sent, now=clock(), actor=actor)
        if "role_id" in changed and user.role_id is not None:
            if tx.roles.get(user.role_id) is None:
                raise invalid("role_id", "no such role")
        if new_hash is not None:
            user.set_password_hash(new_hash, now=clock(), touch=not changed)
        if user.version == loaded:
            return user
        if was_admin and not (user.active and user.is_admin):
            if tx.users.count_active_admins() <= 1:
                raise LastAdministrator()
        if not tx.users.save(user, expected_version=loaded):
            raise ChangedMeanwhile("user")
        _audit_change(tx, user, changed, new_hash is not None, actor)
    return user


def change_user(
    cmd: ChangeUser,
    *,
    uow: IdentityUnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
    caller: Principal,
) -> User:
    """Apply a partial update; deactivation or a new password ends the user's sessions."""
    new_hash = _password_hash(cmd, uow, hasher)
    return _change(cmd, new_hash, uow=uow, clock=clock, actor=actor_of(caller))


def deactivate_user(
    cmd: DeactivateUser, *, uow: IdentityUnitOfWorkFactory, clock: Clock, caller: Principal
) -> User:
    """Deactivate a user (idempotent) and revoke every refresh token they hold."""
    change = ChangeUser(
        cmd.user_id,
        UserFields(active=False),
        frozenset({"active"}),
        expected_version=cmd.expected_version,
    )
    return _change(change, None, uow=uow, clock=clock, actor=actor_of(caller))


def ensure_first_admin(
    cmd: EnsureFirstAdmin,
    *,
    uow: IdentityUnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
) -> bool:
    """Create the administrator unless one exists; return True when one was created.

    Idempotent: once any administrator exists, nothing happens, so changing the variables
    later never creates a second one behind the admins' backs.
    """
    with uow.read() as tx:
        if tx.users.any_admin():
            log.info("identity.first_admin.exists")
            return False
    if not cmd.email or not cmd.password:
        log.warning(
            "identity.first_admin.not_configured",
            hint="set CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD to create the first administrator",
        )
        return False
    # The operator chose this password; a weak one is logged, not refused, so that a
    # laptop default never keeps the suite from starting.
    try:
        check_password_policy(cmd.password, email=cmd.email)
    except InvalidFields as exc:
        log.warning("identity.first_admin.weak_password", detail=exc.errors[0].message)
    admin = RegisterUser(
        email=cmd.email, display_name="Administrator", password=cmd.password, is_admin=True
    )
    try:
        user = _register(admin, uow=uow, hasher=hasher, clock=clock, actor=None)
    except EmailTaken:
        # Another process (a second web worker) created it a moment ago.
        log.info("identity.first_admin.exists")
        return False
    log.info("identity.first_admin.created", user_id=str(user.id))
    return True
