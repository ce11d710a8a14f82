"""The customer timeline: record other services' events once, read them newest first.

Recording runs inside the event consumer's transaction (the inbox row and the entry commit
together) and is also idempotent by itself: one entry per event id (unique), one task per
event id, whatever the broker redelivers.

Reading applies access twice: the account or contact must be visible (404 otherwise), and
an entry about another module's record is shown only to callers who may view that module,
and, when the event named the record's owner, that owner's records (the record scope of
that module, in SQL).
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database, utcnow
from crm_chassis.logging import get_logger
from crm_chassis.pagination import decode_cursor, keyset, page
from crm_contacts.adapters.activity_repositories import entry_from_row
from crm_contacts.adapters.activity_tables import timeline_entries
from crm_contacts.domain.commands import CreateFollowUp, RecordTimelineEntry
from crm_contacts.domain.tasks import Task, TaskFields
from crm_contacts.domain.timeline import (
    MODULES,
    EventType,
    Facts,
    TimelineEntry,
    follow_up_for,
    summarise,
)
from crm_contacts.service.access import Access
from crm_contacts.service.queries import Queries
from crm_contacts.service.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = get_logger(__name__)


def record_timeline_entry(
    cmd: RecordTimelineEntry, *, uow: UnitOfWorkFactory
) -> TimelineEntry | None:
    """Put an event on the timelines of its account and contact (once per event id)."""
    with uow() as tx:
        if tx.timeline.has_event(cmd.event_id):
            log.info("timeline.duplicate", event_id=cmd.event_id)
            return None
        kind, facts = EventType.parse(cmd.event_type), cmd.facts
        account_id = facts.account_id
        if account_id is None and facts.contact_id is not None:
            account_id = tx.timeline.account_of_contact(facts.contact_id)
        entry = TimelineEntry(
            id=uuid.uuid4(),
            event_id=cmd.event_id,
            event_type=cmd.event_type,
            source=cmd.source,
            occurred_at=cmd.occurred_at,
            module=kind.module,
            summary=summarise(kind, facts),
            account_id=account_id,
            contact_id=facts.contact_id,
            record_id=facts.record_id,
            owner_id=facts.owner_id,
            number=facts.number,
            amount=facts.amount,
            currency=facts.currency,
            data=dict(cmd.shown),
        )
        if not entry.placed:
            log.info("timeline.unplaced", event_id=cmd.event_id, event_type=cmd.event_type)
            return None
        tx.timeline.add(entry)
    log.info(
        "timeline.recorded",
        event_id=cmd.event_id,
        event_type=cmd.event_type,
        account_id=str(account_id) if account_id else None,
    )
    return entry


def create_follow_up(cmd: CreateFollowUp, *, uow: UnitOfWorkFactory) -> Task | None:
    """Create the task an event calls for (stale lead, SLA breach, overdue invoice), once."""
    facts = cmd.facts
    wanted = follow_up_for(EventType.parse(cmd.event_type), facts)
    if wanted is None:
        return None
    with uow() as tx:
        if tx.tasks.by_source_event(cmd.event_id) is not None:
            return None
        owner = _follow_up_owner(tx, facts, wanted.owner)
        if owner is None:
            log.warning(
                "task.follow_up_without_owner", event_id=cmd.event_id, event_type=cmd.event_type
            )
            return None
        now = utcnow()
        related = facts.record_id
        task = Task.create(
            id=uuid.uuid4(),
            owner_id=owner,
            created_by=f"event:{cmd.source}",
            now=now,
            fields=TaskFields(
                title=wanted.title[:255],
                description=wanted.description,
                priority=wanted.priority,
                due_date=now.date(),
                related_type=wanted.related_type if related else None,
                related_id=related,
            ),
            source_event_id=cmd.event_id,
        )
        tx.tasks.add(task)
    log.info(
        "task.follow_up_created",
        task_id=str(task.id),
        event_type=cmd.event_type,
        owner_id=str(owner),
    )
    return task


def _follow_up_owner(tx: UnitOfWork, facts: Facts, whose: str) -> UUID | None:
    account_owner = tx.timeline.account_owner(facts.account_id) if facts.account_id else None
    if whose == "account":
        return account_owner or facts.owner_id
    return facts.owner_id or account_owner


class TimelineQueries:
    """Newest-first, keyset-paged timelines of accounts and contacts."""

    def __init__(self, db: Database, access: Access, queries: Queries) -> None:
        self.db = db
        self.access = access
        self.queries = queries

    def for_account(self, principal: Principal, account_id: UUID, **kw: Any):
        self.queries.get_account(principal, account_id)  # 404 unless visible
        return self._list(principal, timeline_entries.c.account_id == account_id, **kw)

    def for_contact(self, principal: Principal, contact_id: UUID, **kw: Any):
        self.queries.get_contact(principal, contact_id)
        return self._list(principal, timeline_entries.c.contact_id == contact_id, **kw)

    def _visible(self, principal: Principal) -> sa.ColumnElement[bool]:
        t = timeline_entries
        known = sorted(set(MODULES.values()))
        allowed: list[Any] = [t.c.module.notin_(known)]
        for module in known:
            scope = self.access.scope(principal, module, "view")
            if not scope.all and not scope.owner_ids:
                continue
            condition = scope.sql(t.c.owner_id, convert=UUID)
            if condition is None:
                allowed.append(t.c.module == module)
            else:
                allowed.append(
                    sa.and_(t.c.module == module, sa.or_(t.c.owner_id.is_(None), condition))
                )
        return sa.or_(*allowed)

    def _list(
        self,
        principal: Principal,
        where: sa.ColumnElement[bool],
        *,
        limit: int,
        cursor: str | None,
        event_type: str | None = None,
        source: str | None = None,
    ) -> tuple[list[TimelineEntry], str | None]:
        t = timeline_entries
        stmt = sa.select(t).where(where, self._visible(principal))
        if event_type:
            stmt = stmt.where(t.c.event_type == event_type)
        if source:
            stmt = stmt.where(t.c.source == source)
        after = decode_cursor(cursor, sort="occurred_at", descending=True) if cursor else None
        stmt = keyset(stmt, t.c.occurred_at, t.c.id, descending=True, after=after, limit=limit)
        with self.db.reading() as session:
            found = [entry_from_row(r) for r in session.execute(stmt)]
        return page(
            found,
            limit=limit,
            sort="occurred_at",
            descending=True,
            key=lambda e: (e.occurred_at, e.id),
        )
