"""Read-side queries: keyset-paged lists, filtered and searched in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from crm_chassis.pagination import decode_cursor, keyset, page, parse_sort
from crm_identity.adapters import tables as t
from crm_identity.adapters.repositories import _account, _user
from crm_identity.domain.service_accounts import ServiceAccount
from crm_identity.domain.users import User
from crm_identity.service.unit_of_work import UnitOfWork

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
    role_id: Any = None
    kind: str | None = None
    updated_since: datetime | None = None


def _like(text: str) -> str:
    escaped = text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class UserQueries:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def list(self, f: UserFilter) -> tuple[list[User], str | None]:
        """Return one page of users and the cursor of the next (None at the end)."""
        sort, descending = parse_sort(f.sort, set(_USER_SORTS), "email")
        col = _USER_SORTS[sort]
        after = decode_cursor(f.cursor, sort=sort, descending=descending) if f.cursor else None
        stmt = sa.select(t.users)
        if f.q:
            # TODO(postgres): a pg_trgm GIN index on email_key and display_name_key.
            pattern = _like(f.q.strip())
            stmt = stmt.where(
                sa.or_(
                    t.users.c.email_key.like(pattern, escape="\\"),
                    t.users.c.display_name_key.like(pattern, escape="\\"),
                )
            )
        if f.active is not None:
            stmt = stmt.where(t.users.c.active.is_(f.active))
        if f.updated_since is not None:
            stmt = stmt.where(t.users.c.updated_at >= f.updated_since)
        if f.role:
            # The legacy role names map onto the admin flag.
            stmt = stmt.where(t.users.c.is_admin.is_(f.role == "admin"))
        if f.role_id is not None:
            stmt = stmt.where(t.users.c.role_id == f.role_id)
        if f.kind:
            stmt = stmt.where(t.users.c.kind == f.kind)
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
        return [_user(r) for r in kept], cursor

    def list_service_accounts(
        self, limit: int, cursor: str | None
    ) -> tuple[list[ServiceAccount], str | None]:
        col = t.service_accounts.c.created_at
        after = decode_cursor(cursor, sort="created_at", descending=False) if cursor else None
        stmt = keyset(
            sa.select(t.service_accounts),
            col,
            t.service_accounts.c.id,
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
        return [_account(r) for r in kept], next_cursor
