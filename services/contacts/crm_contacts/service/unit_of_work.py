"""The contacts unit of work: the chassis transaction + outbox shape with contacts' repositories.

Events are written to the outbox in the same transaction as the change, just before the
commit (crm_chassis.db.unit_of_work), so a change and its events are kept or lost together.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from crm_chassis.db import unit_of_work as base
from crm_chassis.db.unit_of_work import EventRecorder, EventSource
from crm_contacts.adapters.activity_references import ActivityReferences
from crm_contacts.adapters.activity_repositories import (
    CalendarEventRepository,
    NoteRepository,
    TaskRepository,
    TimelineRepository,
)
from crm_contacts.adapters.conversion_repository import LeadConversionRepository
from crm_contacts.adapters.repositories import (
    AccountRepository,
    ContactRepository,
    DeletionRequestRepository,
    ImportJobRepository,
    OwnerRepository,
)
from crm_contacts.domain.own_timeline import record_entry

__all__ = ["EventRecorder", "UnitOfWork", "UnitOfWorkFactory"]


class UnitOfWork(base.UnitOfWork):
    """One transaction with every repository of the service."""

    def __init__(self, session: Session, record: EventRecorder) -> None:
        super().__init__(session, record)
        self.accounts = AccountRepository(session)
        self.contacts = ContactRepository(session)
        self.owners = OwnerRepository(session)
        self.deletion_requests = DeletionRequestRepository(session)
        self.tasks = TaskRepository(session)
        self.events = CalendarEventRepository(session)
        self.notes = NoteRepository(session)
        self.timeline = TimelineRepository(session)
        self.import_jobs = ImportJobRepository(session)
        self.conversions = LeadConversionRepository(session)
        self.activity_refs = ActivityReferences(session)

    def event_sources(self) -> Iterable[EventSource]:
        return (self.accounts, self.contacts)

    def flush_events(self) -> None:
        """Put the records' own changes on their timelines, then write the events out (the
        same transaction: the entries and the change are kept or lost together)."""
        entries = [
            entry
            for repo in self.event_sources()
            for item in repo.seen
            for event in item.events
            if (entry := record_entry(event)) is not None
        ]
        self.timeline.add_many(entries)
        super().flush_events()


class UnitOfWorkFactory(base.UnitOfWorkFactory[UnitOfWork]):
    """Opens contacts units of work on one database with one event recorder."""

    unit = UnitOfWork
