"""One transaction around a use case: repositories, and the outbox rows of its events.

Events go to the outbox in the same transaction as the change, just before the commit, so a
change and its events are kept or lost together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from crm_chassis.db import Database
from crm_sales.adapters.repositories import (
    Counters,
    EnquiryRepository,
    LeadRepository,
    OpportunityRepository,
    PriceBookRepository,
    ProductRepository,
    QuoteRepository,
    RuleRepository,
    SalesOrderRepository,
    SettingsRepository,
)

EventRecorder = Callable[[Session, Any], None]


class UnitOfWork:
    def __init__(self, session: Session, record: EventRecorder) -> None:
        self.session = session
        self.leads = LeadRepository(session)
        self.opportunities = OpportunityRepository(session)
        self.products = ProductRepository(session)
        self.price_books = PriceBookRepository(session)
        self.quotes = QuoteRepository(session)
        self.orders = SalesOrderRepository(session)
        self.enquiries = EnquiryRepository(session)
        self.rules = RuleRepository(session)
        self.settings = SettingsRepository(session)
        self.counters = Counters(session)
        self._record = record

    def flush_events(self) -> None:
        for repo in (self.leads, self.opportunities, self.quotes, self.orders):
            for item in repo.seen:
                while item.events:
                    self._record(self.session, item.events.pop(0))


class UnitOfWorkFactory:
    def __init__(self, db: Database, record: EventRecorder) -> None:
        self.db = db
        self.record = record

    @contextmanager
    def __call__(self) -> Iterator[UnitOfWork]:
        with self.db.transaction() as session:
            uow = UnitOfWork(session, self.record)
            yield uow
            uow.flush_events()
