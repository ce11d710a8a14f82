"""The sales unit of work: the chassis transaction + outbox shape with sales' repositories.

Events go to the outbox in the same transaction as the change, just before the commit
(crm_chassis.db.unit_of_work), so a change and its events are kept or lost together.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from crm_chassis.db import unit_of_work as base
from crm_chassis.db.unit_of_work import EventRecorder, EventSource
from crm_sales.adapters.account_references import AccountReferences
from crm_sales.adapters.billed_invoices import BilledInvoices
from crm_sales.adapters.document_repositories import (
    PriceBookRepository,
    ProductRepository,
    QuoteRepository,
    SalesOrderRepository,
)
from crm_sales.adapters.lead_scores import LeadScores
from crm_sales.adapters.repositories import (
    EnquiryRepository,
    LeadRepository,
    OpportunityRepository,
)
from crm_sales.adapters.rule_repositories import Counters, RuleRepository, SettingsRepository

__all__ = ["EventRecorder", "UnitOfWork", "UnitOfWorkFactory"]


class UnitOfWork(base.UnitOfWork):
    def __init__(self, session: Session, record: EventRecorder) -> None:
        super().__init__(session, record)
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
        self.accounts = AccountReferences(session)
        self.scores = LeadScores(session)
        self.billed = BilledInvoices(session)

    def event_sources(self) -> Iterable[EventSource]:
        return (self.leads, self.opportunities, self.quotes, self.orders)


class UnitOfWorkFactory(base.UnitOfWorkFactory[UnitOfWork]):
    """Opens sales units of work on one database with one event recorder."""

    unit = UnitOfWork
