"""One transaction around a use case: repositories, numbers, and the outbox rows of its events.

Events are written to the outbox in the same transaction as the change, just before the
commit, so a change and its events are kept or lost together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from crm_billing.adapters.repositories import (
    CreditNoteRepository,
    InvoiceRepository,
    Numbers,
    PaymentRepository,
    PurchaseOrderRepository,
    Reminders,
    VendorRepository,
)
from crm_chassis.db import Database

#: Writes one domain event to the outbox in the given session.
EventRecorder = Callable[[Session, Any], None]


class UnitOfWork:
    def __init__(self, session: Session, record: EventRecorder) -> None:
        self.session = session
        self.invoices = InvoiceRepository(session)
        self.payments = PaymentRepository(session)
        self.credit_notes = CreditNoteRepository(session)
        self.vendors = VendorRepository(session)
        self.purchase_orders = PurchaseOrderRepository(session)
        self.reminders = Reminders(session)
        self.numbers = Numbers(session)
        self._record = record

    def flush_events(self) -> None:
        """Move the events recorded by every touched aggregate into the outbox."""
        for repo in (self.invoices, self.payments):
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

    @contextmanager
    def within(self, session: Session) -> Iterator[UnitOfWork]:
        """A unit of work inside a transaction someone else owns (the event consumer's)."""
        uow = UnitOfWork(session, self.record)
        yield uow
        uow.flush_events()
