"""The audit log, read: newest first, keyset-paged, filtered in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from crm_chassis.pagination import decode_cursor, keyset, page
from crm_identity.adapters import tables as t
from crm_identity.service.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class AuditFilter:
    limit: int = 50
    cursor: str | None = None
    type: str | None = None
    actor_id: str | None = None
    subject_id: str | None = None
    since: datetime | None = None


class AuditQueries:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def list(self, f: AuditFilter) -> tuple[list[Any], str | None]:
        c = t.audit_events.c
        after = decode_cursor(f.cursor, sort="occurred_at", descending=True) if f.cursor else None
        stmt = sa.select(t.audit_events)
        if f.type:
            # "user" matches every "user.*" type; a full name matches itself.
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
