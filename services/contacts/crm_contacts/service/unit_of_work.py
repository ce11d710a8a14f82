"""One transaction around a use case: repositories, and the outbox rows of its events.

Events are written to the outbox in the same transaction as the change, just before the
commit, so a change and its events are kept or lost together (never published after
commit, where they could be lost).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from crm_chassis.db import Database
from crm_contacts.adapters.repositories import (
    AccountRepository,
    ContactRepository,
    DeletionRequestRepository,
    OwnerRepository,
)

#: Writes one domain event to the outbox in the given session.
EventRecorder = Callable[[Session, Any], None]


class UnitOfWork:
    def __init__(self, session: Session, record: EventRecorder) -> None:
        self.session = session
        self.accounts = AccountRepository(session)
        self.contacts = ContactRepository(session)
        self.owners = OwnerRepository(session)
        self.deletion_requests = DeletionRequestRepository(session)
        self._record = record

    def flush_events(self) -> None:
        """Move the events recorded by every touched aggregate into the outbox."""
        for repo in (self.accounts, self.contacts):
            for item in repo.seen:
                while item.events:
                    self._record(self.session, item.events.pop(0))


class UnitOfWorkFactory:
    """Opens units of work on one database with one event recorder."""

    def __init__(self, db: Database, record: EventRecorder) -> None:
        self.db = db
        self.record = record

    @contextmanager
    def __call__(self) -> Iterator[UnitOfWork]:
        with self.db.transaction() as session:
            uow = UnitOfWork(session, self.record)
            yield uow
            uow.flush_events()
