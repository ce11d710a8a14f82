"""The customer timeline: record other services' events once (reads: queries/timeline.py).

Recording runs inside the event consumer's transaction (the inbox row and the entry commit
together) and is also idempotent by itself: one entry per event id (unique), one task per
event id, whatever the broker redelivers.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from crm_chassis.db import utcnow
from crm_chassis.logging import get_logger
from crm_contacts.domain.commands import CreateFollowUp, RecordTimelineEntry
from crm_contacts.domain.tasks import Task, TaskFields
from crm_contacts.domain.timeline import (
    EventType,
    Facts,
    TimelineEntry,
    follow_up_for,
    summarise,
)
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
        # A follow-up about an account (a contract's review) points at the account itself.
        related = facts.account_id if wanted.related_type == "account" else facts.record_id
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
    if whose == "manager" and facts.manager_id is not None:
        return facts.manager_id
    return facts.owner_id or account_owner
