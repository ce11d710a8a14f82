"""User use cases: register, read, change (role, admin flag, state, settings), deactivate."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from crm_chassis.errors import Conflict, PreconditionFailed
from crm_identity.domain import defaults
from crm_identity.domain.errors import EmailTaken, InvalidField, UserNotFound
from crm_identity.domain.passwords import PasswordHasher, check_password_policy
from crm_identity.domain.users import User
from crm_identity.service.unit_of_work import Tx, UnitOfWork


@dataclass(frozen=True)
class RegisterUser:
    email: str
    display_name: str
    password: str
    roles: tuple[str, ...] | None = None
    is_admin: bool | None = None
    role_id: UUID | None = None
    kind: str = "user"
    account_id: UUID | None = None
    contact_id: UUID | None = None
    locale: str = "en"
    time_zone: str = "UTC"
    currency: str = "EUR"
    actor: str | None = None


class LastAdministrator(Conflict):
    def __init__(self) -> None:
        super().__init__("The last active administrator cannot be deactivated or demoted.")


def _public(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in changes.items() if k != "password"}


class UserUseCases:
    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher) -> None:
        self.uow = uow
        self.hasher = hasher

    def register(self, cmd: RegisterUser, *, enforce_policy: bool = True) -> User:
        """Create a user; 409 when the email is taken, 422 when a field or password is bad.

        ``enforce_policy=False`` only for the operator-configured first administrator.
        """
        if enforce_policy:
            check_password_policy(cmd.password, email=cmd.email)
        with self.uow.read() as tx:
            if tx.users.by_email(cmd.email) is not None:
                raise EmailTaken()
        # Validate the fields before paying for the hash.
        self._build(cmd, "")
        # Hash outside the write transaction: argon2 takes tens of ms and SQLite has one writer.
        user = self._build(cmd, self.hasher.hash(cmd.password))
        with self.uow.write() as tx:
            if user.kind == "user":
                if user.role_id is None:
                    user.role_id = (
                        defaults.ADMIN_ROLE if user.is_admin else defaults.DEFAULT_USER_ROLE
                    )
                    if tx.roles.get(user.role_id) is None:
                        raise InvalidField("role_id", "is required (the default role is gone)")
                elif tx.roles.get(user.role_id) is None:
                    raise InvalidField("role_id", "no such role")
            tx.users.add(user)
            tx.audit.record(
                "user.created",
                actor_id=cmd.actor,
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

    def _build(self, cmd: RegisterUser, password_hash: str) -> User:
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
            now=self.uow.clock(),
        )

    def get(self, user_id: UUID) -> User:
        with self.uow.read() as tx:
            user = tx.users.get(user_id)
        if user is None:
            raise UserNotFound()
        return user

    def get_many(self, ids: list[UUID]) -> list[User]:
        with self.uow.read() as tx:
            return tx.users.get_many(ids)

    def change(
        self,
        user_id: UUID,
        changes: dict[str, Any],
        *,
        expected_version: int | None,
        actor: str | None,
    ) -> User:
        """Apply a partial update; deactivation also revokes the user's refresh tokens."""
        changes = dict(changes)
        password = changes.pop("password", None)
        new_hash = None
        if password is not None:
            with self.uow.read() as tx:
                current = tx.users.get(user_id)
            email = changes.get("email") or (current.email if current else None)
            check_password_policy(password, email=email)
            new_hash = self.hasher.hash(password)
        with self.uow.write() as tx:
            user = tx.users.get(user_id)
            if user is None:
                raise UserNotFound()
            user.check_version(expected_version)
            loaded_version = user.version
            was_admin = user.active and user.is_admin
            changed = user.change(changes, now=self.uow.clock(), actor=actor)
            if "role_id" in changed and user.role_id is not None:
                if tx.roles.get(user.role_id) is None:
                    raise InvalidField("role_id", "no such role")
            if new_hash is not None:
                user.set_password_hash(new_hash, now=self.uow.clock(), touch=not changed)
            if user.version == loaded_version:
                return user
            if was_admin and not (user.active and user.is_admin):
                if tx.users.count_active_admins() <= 1:
                    raise LastAdministrator()
            if not tx.users.save(user, expected_version=loaded_version):
                raise PreconditionFailed("The user changed meanwhile; reload and retry.")
            details = {name: getattr(user, name) for name in changed}
            if new_hash is not None:
                details["password"] = "changed"
            tx.audit.record(
                "user.updated",
                actor_id=actor,
                subject_type="user",
                subject_id=user.id,
                details=details,
            )
            if not user.active or new_hash is not None:
                # A deactivated user, or one whose password was reset, keeps no session.
                self._end_sessions(
                    tx, user, actor, "deactivated" if not user.active else "password"
                )
        return user

    def deactivate(self, user_id: UUID, *, expected_version: int | None, actor: str | None) -> User:
        """Deactivate a user (idempotent) and revoke every refresh token they hold."""
        return self.change(
            user_id, {"active": False}, expected_version=expected_version, actor=actor
        )

    def _end_sessions(self, tx: Tx, user: User, actor: str | None, reason: str) -> None:
        revoked = tx.refresh_tokens.revoke_user(user.id, self.uow.clock())
        if revoked:
            tx.audit.record(
                "token.revoked",
                actor_id=actor,
                subject_type="user",
                subject_id=user.id,
                details={"reason": reason, "refresh_tokens": revoked},
            )
