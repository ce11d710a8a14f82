"""Repositories: whole aggregates in and out of the tables, inside the caller's session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_identity.adapters import tables as t
from crm_identity.adapters.rows import (
    account_from_row,
    refresh_token_from_row,
    user_from_row,
    user_values,
)
from crm_identity.domain.errors import EmailTaken
from crm_identity.domain.policy import UserAccess
from crm_identity.domain.service_accounts import ServiceAccount
from crm_identity.domain.tokens import RefreshToken
from crm_identity.domain.users import User, normalize_email


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        # Users added or saved in this transaction; the unit of work collects their events.
        self.seen: list[User] = []

    def get(self, user_id: UUID) -> User | None:
        row = self.session.execute(sa.select(t.users).where(t.users.c.id == user_id)).first()
        return user_from_row(row) if row else None

    def get_many(self, ids: Sequence[UUID]) -> list[User]:
        if not ids:
            return []
        rows = self.session.execute(sa.select(t.users).where(t.users.c.id.in_(list(ids))))
        return [user_from_row(r) for r in rows]

    def by_email(self, email: str) -> User | None:
        stmt = sa.select(t.users).where(t.users.c.email_key == normalize_email(email))
        row = self.session.execute(stmt).first()
        return user_from_row(row) if row else None

    def any_admin(self) -> bool:
        stmt = sa.select(t.users.c.id).where(t.users.c.is_admin.is_(True)).limit(1)
        return self.session.execute(stmt).first() is not None

    def count_with_role(self, role_id: UUID) -> int:
        stmt = sa.select(sa.func.count()).select_from(t.users).where(t.users.c.role_id == role_id)
        return int(self.session.execute(stmt).scalar_one())

    def without_role(self) -> list[User]:
        stmt = sa.select(t.users).where(t.users.c.role_id.is_(None), t.users.c.kind == "user")
        return [user_from_row(r) for r in self.session.execute(stmt)]

    def access_facts(self) -> list[UserAccess]:
        stmt = sa.select(
            t.users.c.id, t.users.c.role_id, t.users.c.is_admin, t.users.c.active, t.users.c.kind
        )
        return [
            UserAccess(r.id, r.role_id, bool(r.is_admin), bool(r.active), r.kind)
            for r in self.session.execute(stmt)
        ]

    def add(self, user: User) -> None:
        try:
            with self.session.begin_nested():
                self.session.execute(t.users.insert().values(id=user.id, **user_values(user)))
        except IntegrityError:
            raise EmailTaken() from None
        self.seen.append(user)

    def save(self, user: User, *, expected_version: int) -> bool:
        """Write a changed user if nobody else changed it since ``expected_version``."""
        try:
            with self.session.begin_nested():
                result = self.session.execute(
                    t.users.update()
                    .where(t.users.c.id == user.id, t.users.c.version == expected_version)
                    .values(**user_values(user))
                )
        except IntegrityError:
            raise EmailTaken() from None
        self.seen.append(user)
        return result.rowcount == 1

    def count_active_admins(self) -> int:
        stmt = (
            sa.select(sa.func.count())
            .select_from(t.users)
            .where(t.users.c.active.is_(True), t.users.c.is_admin.is_(True))
        )
        return int(self.session.execute(stmt).scalar_one())


class ServiceAccountRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, account_id: UUID) -> ServiceAccount | None:
        stmt = sa.select(t.service_accounts).where(t.service_accounts.c.id == account_id)
        row = self.session.execute(stmt).first()
        return account_from_row(row) if row else None

    def by_client_id(self, client_id: str) -> ServiceAccount | None:
        stmt = sa.select(t.service_accounts).where(t.service_accounts.c.client_id == client_id)
        row = self.session.execute(stmt).first()
        return account_from_row(row) if row else None

    def save(self, account: ServiceAccount) -> None:
        self.session.execute(
            t.service_accounts.update()
            .where(t.service_accounts.c.id == account.id)
            .values(
                name=account.name,
                secret_hash=account.secret_hash,
                scopes=list(account.scopes),
                active=account.active,
                updated_at=account.updated_at,
                version=account.version,
            )
        )

    def add(self, account: ServiceAccount) -> None:
        self.session.execute(
            t.service_accounts.insert().values(
                id=account.id,
                client_id=account.client_id,
                name=account.name,
                secret_hash=account.secret_hash,
                scopes=list(account.scopes),
                active=account.active,
                created_at=account.created_at,
                updated_at=account.updated_at,
                version=account.version,
            )
        )


class RefreshTokenRepository:
    """Refresh tokens by the SHA-256 of their value (the value itself is never stored)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, token: RefreshToken, token_hash: str) -> None:
        self.session.execute(
            t.refresh_tokens.insert().values(
                id=token.id,
                token_hash=token_hash,
                family_id=token.family_id,
                user_id=token.user_id,
                issued_at=token.issued_at,
                expires_at=token.expires_at,
            )
        )

    def by_hash(self, token_hash: str) -> RefreshToken | None:
        stmt = sa.select(t.refresh_tokens).where(t.refresh_tokens.c.token_hash == token_hash)
        row = self.session.execute(stmt).first()
        return refresh_token_from_row(row) if row else None

    def consume(self, token_id: UUID, now: datetime) -> bool:
        """Mark a usable token consumed; False if another request consumed it first."""
        result = self.session.execute(
            t.refresh_tokens.update()
            .where(
                t.refresh_tokens.c.id == token_id,
                t.refresh_tokens.c.consumed_at.is_(None),
                t.refresh_tokens.c.revoked_at.is_(None),
            )
            .values(consumed_at=now)
        )
        return result.rowcount == 1

    def revoke_family(self, family_id: UUID, now: datetime) -> int:
        result = self.session.execute(
            t.refresh_tokens.update()
            .where(
                t.refresh_tokens.c.family_id == family_id, t.refresh_tokens.c.revoked_at.is_(None)
            )
            .values(revoked_at=now)
        )
        return result.rowcount

    def revoke_user(self, user_id: UUID, now: datetime) -> int:
        result = self.session.execute(
            t.refresh_tokens.update()
            .where(t.refresh_tokens.c.user_id == user_id, t.refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return result.rowcount


class LoginFailureRepository:
    """Failed sign-in attempts per key, shared by every worker through the database."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def since(self, key: str, since: datetime) -> list[datetime]:
        stmt = sa.select(t.login_failures.c.failed_at).where(
            t.login_failures.c.key == key, t.login_failures.c.failed_at > since
        )
        return [r[0] for r in self.session.execute(stmt)]

    def record(self, keys: Sequence[str], now: datetime) -> None:
        rows = [{"key": k, "failed_at": now} for k in keys]
        self.session.execute(t.login_failures.insert(), rows)

    def clear(self, key: str) -> None:
        self.session.execute(t.login_failures.delete().where(t.login_failures.c.key == key))

    def purge_before(self, cutoff: datetime) -> int:
        result = self.session.execute(
            t.login_failures.delete().where(t.login_failures.c.failed_at < cutoff)
        )
        return result.rowcount


class TokenRevocationRepository:
    """Revoked access tokens and sessions, until no token they name can still be valid."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, kind: str, ident: str, expires_at: datetime, now: datetime) -> None:
        """Revoke until ``expires_at``; spent revocations are purged on the way."""
        table = t.token_revocations
        self.session.execute(table.delete().where(table.c.expires_at <= now))
        found = self.session.execute(
            sa.select(table.c.expires_at).where(table.c.kind == kind, table.c.id == ident)
        ).scalar_one_or_none()
        if found is None:
            self.session.execute(table.insert().values(kind=kind, id=ident, expires_at=expires_at))
        elif found < expires_at:
            self.session.execute(
                table.update()
                .where(table.c.kind == kind, table.c.id == ident)
                .values(expires_at=expires_at)
            )

    def active(self, now: datetime) -> list[tuple[str, str, datetime]]:
        """The revocations still in force, oldest expiry first."""
        table = t.token_revocations
        rows = self.session.execute(
            sa.select(table.c.kind, table.c.id, table.c.expires_at)
            .where(table.c.expires_at > now)
            .order_by(table.c.expires_at, table.c.kind, table.c.id)
        )
        return [(r.kind, r.id, r.expires_at) for r in rows]

    def is_revoked(self, jti: str | None, session_id: str | None, now: datetime) -> bool:
        table = t.token_revocations
        wanted = [
            sa.and_(table.c.kind == kind, table.c.id == ident)
            for kind, ident in (("token", jti), ("session", session_id))
            if ident
        ]
        if not wanted:
            return False
        stmt = sa.select(table.c.id).where(sa.or_(*wanted), table.c.expires_at > now).limit(1)
        return self.session.execute(stmt).first() is not None
