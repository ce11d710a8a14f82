"""User use cases: register, read, list, change (including deactivation)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from crm_chassis.errors import Conflict, PreconditionFailed
from crm_identity.domain.errors import EmailTaken, UserNotFound
from crm_identity.domain.passwords import PasswordHasher, check_password_policy
from crm_identity.domain.roles import ADMIN, USER
from crm_identity.domain.users import User
from crm_identity.service.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class RegisterUser:
    email: str
    display_name: str
    password: str
    roles: tuple[str, ...] = (USER,)
    locale: str = "en"
    time_zone: str = "UTC"


class LastAdministrator(Conflict):
    def __init__(self) -> None:
        super().__init__("The last active administrator cannot be deactivated or demoted.")


class UserUseCases:
    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher) -> None:
        self.uow = uow
        self.hasher = hasher

    def register(self, cmd: RegisterUser) -> User:
        """Create a user; 409 when the email is taken, 422 when a field or password is bad."""
        check_password_policy(cmd.password, email=cmd.email)
        with self.uow.read() as tx:
            if tx.users.by_email(cmd.email) is not None:
                raise EmailTaken()
        # Hash outside the write transaction: argon2 takes tens of ms and SQLite has one writer.
        password_hash = self.hasher.hash(cmd.password)
        user = User.register(
            id=uuid.uuid4(),
            email=cmd.email,
            display_name=cmd.display_name,
            password_hash=password_hash,
            roles=cmd.roles,
            locale=cmd.locale,
            time_zone=cmd.time_zone,
            now=self.uow.clock(),
        )
        with self.uow.write() as tx:
            tx.users.add(user)
        return user

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
            check_password_policy(password, email=changes.get("email"))
            new_hash = self.hasher.hash(password)
        with self.uow.write() as tx:
            user = tx.users.get(user_id)
            if user is None:
                raise UserNotFound()
            user.check_version(expected_version)
            loaded_version = user.version
            was_admin = user.active and ADMIN in user.roles
            changed = user.change(changes, now=self.uow.clock(), actor=actor)
            if new_hash is not None:
                user.set_password_hash(new_hash, now=self.uow.clock(), touch=not changed)
            if user.version == loaded_version:
                return user
            if was_admin and not (user.active and ADMIN in user.roles):
                if tx.users.count_active_with_role(ADMIN) <= 1:
                    raise LastAdministrator()
            if not tx.users.save(user, expected_version=loaded_version):
                raise PreconditionFailed("The user changed meanwhile; reload and retry.")
            if not user.active or new_hash is not None:
                # A deactivated user, or one whose password was reset, keeps no session.
                tx.refresh_tokens.revoke_user(user.id, self.uow.clock())
        return user
