"""The billing unit of work: the chassis transaction + outbox shape with billing's repositories
and numbers.

Events are written to the outbox in the same transaction as the change, just before the
commit (crm_chassis.db.unit_of_work), so a change and its events are kept or lost together.
``UnitOfWorkFactory.joining(session)`` makes use cases run inside an event consumer's
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from crm_billing.adapters.repositories import (
    CreditNoteRepository,
    InvoiceRepository,
    Numbers,
    PaymentRepository,
    PurchaseOrderRepository,
    Reminders,
    VendorRepository,
)
from crm_chassis.db import unit_of_work as base
from crm_chassis.db.unit_of_work import EventRecorder, EventSource

if TYPE_CHECKING:  # the session comes from the chassis; use cases never touch it
    from sqlalchemy.orm import Session

__all__ = ["EventRecorder", "UnitOfWork", "UnitOfWorkFactory"]


class UnitOfWork(base.UnitOfWork):
    def __init__(self, session: Session, record: EventRecorder) -> None:
        super().__init__(session, record)
        self.invoices = InvoiceRepository(session)
        self.payments = PaymentRepository(session)
        self.credit_notes = CreditNoteRepository(session)
        self.vendors = VendorRepository(session)
        self.purchase_orders = PurchaseOrderRepository(session)
        self.reminders = Reminders(session)
        self.numbers = Numbers(session)

    def event_sources(self) -> Iterable[EventSource]:
        return (self.invoices, self.payments, self.credit_notes)


class UnitOfWorkFactory(base.UnitOfWorkFactory[UnitOfWork]):
    """Opens billing units of work on one database with one event recorder."""

    unit = UnitOfWork
