"""The unit of work: the chassis's transaction and outbox, with the service's repositories.

Events are written to the outbox in the same transaction as the change, just before the
commit (``crm_chassis.db.unit_of_work``), so a change and its events are kept or lost together.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from crm_chassis.db import unit_of_work as base
from crm_chassis.db.unit_of_work import EventRecorder, EventSource
from crm_support.adapters.article_repository import ArticleRepository
from crm_support.adapters.contract_repositories import ContractRepository, FeedbackRepository
from crm_support.adapters.facts_repository import FactsRepository
from crm_support.adapters.repositories import (
    Counters,
    RuleRepository,
    SettingsRepository,
    ThreadRepository,
    TicketRepository,
)


class UnitOfWork(base.UnitOfWork):
    """One transaction with support's repositories; tickets record the events."""

    def __init__(self, session: Session, record: EventRecorder) -> None:
        super().__init__(session, record)
        self.tickets = TicketRepository(session)
        self.thread = ThreadRepository(session)
        self.counters = Counters(session)
        self.rules = RuleRepository(session)
        self.settings = SettingsRepository(session)
        # Service contracts, feedback, statistics facts (h/contracts).
        self.contracts = ContractRepository(session)
        self.feedback = FeedbackRepository(session)
        self.facts = FactsRepository(session)
        # The knowledge base's articles (record no events).
        self.articles = ArticleRepository(session)

    def event_sources(self) -> Iterable[EventSource]:
        return (self.tickets, self.contracts, self.feedback)


class UnitOfWorkFactory(base.UnitOfWorkFactory[UnitOfWork]):
    """Opens support units of work on one database with one event recorder."""

    unit = UnitOfWork
