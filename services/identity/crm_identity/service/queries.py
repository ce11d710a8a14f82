"""Reads: gets, keyset-paged lists filtered and searched in SQL, who the caller is, the policy.

Reads do not go through commands; views, gRPC methods and checks call these directly.
Access-model collections are small (tens of rows) and are read whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access.model import PolicySnapshot
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import RecordNotFound, Unauthenticated
from crm_chassis.pagination import decode_cursor, keyset, page, parse_sort
from crm_identity.adapters import tables as t
from crm_identity.adapters.rows import account_from_row, user_from_row
from crm_identity.domain.errors import NoSharingDefault
from crm_identity.domain.groups import Group
from crm_identity.domain.modules import OWNED
from crm_identity.domain.profiles import Profile
from crm_identity.domain.roles import Role
from crm_identity.domain.service_accounts import ServiceAccount
from crm_identity.domain.sharing import PRIVATE, SharingRule
from crm_identity.domain.users import User
from crm_identity.service.policy import grants_of
from crm_identity.service.unit_of_work import IdentityUnitOfWorkFactory

_USER_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "email": t.users.c.email_key,
    "display_name": t.users.c.display_name_key,
    "created_at": t.users.c.created_at,
    "updated_at": t.users.c.updated_at,
}


@dataclass(frozen=True)
class UserFilter:
    limit: int = 50
    cursor: str | None = None
    sort: str | None = None
    q: str | None = None
    active: bool | None = None
    role: str | None = None
    role_id: UUID | None = None
    kind: str | None = None
    updated_since: datetime | None = None


@dataclass(frozen=True)
class AuditFilter:
    limit: int = 50
    cursor: str | None = None
    type: str | None = None
    actor_id: str | None = None
    subject_id: str | None = None
    since: datetime | None = None


@dataclass(frozen=True)
class Named:
    id: str
    name: str


@dataclass(frozen=True)
class Me:
    """Who the caller is: the token's facts joined with the current record."""

    id: str
    kind: str
    email: str | None
    display_name: str | None
    roles: tuple[str, ...]
    permissions: tuple[str, ...]
    scopes: tuple[str, ...]
    locale: str | None
    time_zone: str | None
    is_admin: bool = False
    role: Named | None = None
    profiles: tuple[Named, ...] = field(default_factory=tuple)
    currency: str | None = None
    account_id: str | None = None
    contact_id: str | None = None


def _like(text: str) -> str:
    escaped = text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _user_filters(stmt: sa.Select[Any], f: UserFilter) -> sa.Select[Any]:
    c = t.users.c
    if f.q:
        # TODO(postgres): a pg_trgm GIN index on email_key and display_name_key.
        pattern = _like(f.q.strip())
        stmt = stmt.where(
            sa.or_(
                c.email_key.like(pattern, escape="\\"),
                c.display_name_key.like(pattern, escape="\\"),
            )
        )
    if f.active is not None:
        stmt = stmt.where(c.active.is_(f.active))
    if f.updated_since is not None:
        stmt = stmt.where(c.updated_at >= f.updated_since)
    if f.role:
        # The legacy role names map onto the admin flag.
        stmt = stmt.where(c.is_admin.is_(f.role == "admin"))
    if f.role_id is not None:
        stmt = stmt.where(c.role_id == f.role_id)
    if f.kind:
        stmt = stmt.where(c.kind == f.kind)
    return stmt


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Unauthenticated("The token's subject is not one of ours.") from None


class Queries:
    """Identity's reads, each in its own read-only transaction."""

    def __init__(self, uow: IdentityUnitOfWorkFactory) -> None:
        self.uow = uow

    # -- users and service accounts ------------------------------------------------------

    def user(self, user_id: UUID) -> User:
        with self.uow.read() as tx:
            user = tx.users.get(user_id)
        if user is None:
            raise RecordNotFound("user", user_id)
        return user

    def users(self, ids: list[UUID]) -> list[User]:
        with self.uow.read() as tx:
            return tx.users.get_many(ids)

    def list_users(self, f: UserFilter) -> tuple[list[User], str | None]:
        """One page of users and the cursor of the next (None at the end)."""
        sort, descending = parse_sort(f.sort, set(_USER_SORTS), "email")
        col = _USER_SORTS[sort]
        after = decode_cursor(f.cursor, sort=sort, descending=descending) if f.cursor else None
        stmt = _user_filters(sa.select(t.users), f)
        stmt = keyset(stmt, col, t.users.c.id, descending=descending, after=after, limit=f.limit)
        with self.uow.read() as tx:
            rows = tx.session.execute(stmt).all()
        kept, cursor = page(
            rows,
            limit=f.limit,
            sort=sort,
            descending=descending,
            key=lambda r: (getattr(r, col.key), r.id),
        )
        return [user_from_row(r) for r in kept], cursor

    def service_account(self, account_id: UUID) -> ServiceAccount:
        with self.uow.read() as tx:
            account = tx.service_accounts.get(account_id)
        if account is None:
            raise RecordNotFound("service account", account_id)
        return account

    def list_service_accounts(
        self, limit: int, cursor: str | None
    ) -> tuple[list[ServiceAccount], str | None]:
        c = t.service_accounts.c
        after = decode_cursor(cursor, sort="created_at", descending=False) if cursor else None
        stmt = keyset(
            sa.select(t.service_accounts),
            c.created_at,
            c.id,
            descending=False,
            after=after,
            limit=limit,
        )
        with self.uow.read() as tx:
            rows = tx.session.execute(stmt).all()
        kept, next_cursor = page(
            rows,
            limit=limit,
            sort="created_at",
            descending=False,
            key=lambda r: (r.created_at, r.id),
        )
        return [account_from_row(r) for r in kept], next_cursor

    # -- the access model ----------------------------------------------------------------

    def roles(self) -> list[Role]:
        with self.uow.read() as tx:
            return tx.roles.all()

    def role(self, role_id: UUID) -> Role:
        with self.uow.read() as tx:
            role = tx.roles.get(role_id)
        if role is None:
            raise RecordNotFound("role", role_id)
        return role

    def profiles(self) -> list[Profile]:
        with self.uow.read() as tx:
            return tx.profiles.all()

    def profile(self, profile_id: UUID) -> Profile:
        with self.uow.read() as tx:
            profile = tx.profiles.get(profile_id)
        if profile is None:
            raise RecordNotFound("profile", profile_id)
        return profile

    def groups(self) -> list[Group]:
        with self.uow.read() as tx:
            return tx.groups.all()

    def group(self, group_id: UUID) -> Group:
        with self.uow.read() as tx:
            group = tx.groups.get(group_id)
        if group is None:
            raise RecordNotFound("group", group_id)
        return group

    def sharing_rules(self) -> list[SharingRule]:
        with self.uow.read() as tx:
            return tx.sharing_rules.all()

    def sharing_rule(self, rule_id: UUID) -> SharingRule:
        with self.uow.read() as tx:
            rule = tx.sharing_rules.get(rule_id)
        if rule is None:
            raise RecordNotFound("sharing rule", rule_id)
        return rule

    def sharing_defaults(self) -> dict[str, str]:
        """Every module with record owners and its default sharing."""
        with self.uow.read() as tx:
            stored = tx.sharing_defaults.all()
        return {m: stored.get(m, PRIVATE) for m in OWNED}

    def sharing_default(self, module: str) -> str:
        if module not in OWNED:
            raise NoSharingDefault()
        return self.sharing_defaults()[module]

    def policy_snapshot(self) -> PolicySnapshot:
        """The snapshot of the latest published version."""
        with self.uow.read() as tx:
            version, text = tx.policy.current()
            if text is not None:
                return PolicySnapshot.from_json(text)
            # Not published yet (first start in progress): build it, unversioned.
            return tx.snapshot(version)

    # -- the audit log and the caller ----------------------------------------------------

    def audit_events(self, f: AuditFilter) -> tuple[list[Any], str | None]:
        """The audit log, newest first; ``type`` "user" matches every "user.*"."""
        c = t.audit_events.c
        after = decode_cursor(f.cursor, sort="occurred_at", descending=True) if f.cursor else None
        stmt = sa.select(t.audit_events)
        if f.type:
            stmt = stmt.where(sa.or_(c.type == f.type, c.type.like(f.type + ".%")))
        if f.actor_id:
            stmt = stmt.where(c.actor_id == f.actor_id)
        if f.subject_id:
            stmt = stmt.where(c.subject_id == f.subject_id)
        if f.since is not None:
            stmt = stmt.where(c.occurred_at >= f.since)
        stmt = keyset(stmt, c.occurred_at, c.id, descending=True, after=after, limit=f.limit)
        with self.uow.read() as tx:
            rows = tx.session.execute(stmt).all()
        return page(
            rows,
            limit=f.limit,
            sort="occurred_at",
            descending=True,
            key=lambda r: (r.occurred_at, r.id),
        )

    def me(self, principal: Principal) -> Me:
        """Who the caller is, with role and permissions as they are now (the token may be
        up to 15 minutes older)."""
        if principal.kind == "service":
            return self._service_me(principal)
        with self.uow.read() as tx:
            user = tx.users.get(_uuid(principal.subject))
            if user is None or not user.active:
                raise Unauthenticated("The user no longer exists or is deactivated.")
            grants = grants_of(tx, user)
        return Me(
            id=str(user.id),
            kind=user.kind,
            email=user.email,
            display_name=user.display_name,
            roles=user.roles if user.kind == "user" else (),
            permissions=grants.permissions,
            scopes=tuple(sorted(principal.scopes)),
            locale=user.locale,
            time_zone=user.time_zone,
            is_admin=user.is_admin,
            role=Named(str(grants.role.id), grants.role.name) if grants.role else None,
            profiles=tuple(Named(str(p.id), p.name) for p in grants.profiles),
            currency=user.currency,
            account_id=str(user.account_id) if user.account_id else None,
            contact_id=str(user.contact_id) if user.contact_id else None,
        )

    def _service_me(self, principal: Principal) -> Me:
        with self.uow.read() as tx:
            account = tx.service_accounts.get(_uuid(principal.subject))
        if account is None or not account.active:
            raise Unauthenticated("The service account no longer exists.")
        return Me(
            id=str(account.id),
            kind="service",
            email=None,
            display_name=account.name,
            roles=(),
            permissions=(),
            scopes=tuple(sorted(principal.scopes)),
            locale=None,
            time_zone=None,
        )
