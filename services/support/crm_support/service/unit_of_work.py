"""The unit of work: the chassis's transaction and outbox, with the service's repositories.

Events are written to the outbox in the same transaction as the change, just before the
commit (``crm_chassis.db.unit_of_work``), so a change and its events are kept or lost together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from crm_chassis.db import unit_of_work as base
from crm_chassis.db.unit_of_work import EventRecorder, EventSource
from crm_support.adapters.contract_repositories import ContractRepository, FeedbackRepository
from crm_support.adapters.facts_repository import FactsRepository

if TYPE_CHECKING:  # the session comes from the chassis; use cases never touch it
    from sqlalchemy.orm import Session


class UnitOfWork(base.UnitOfWork):
    """One transaction: add each repository in ``__init__`` (``self.tickets = ...(session)``)
    and name those whose aggregates record events in ``event_sources()``."""

    def __init__(self, session: Session, record: EventRecorder) -> None:
        super().__init__(session, record)
        # Service contracts, feedback, statistics facts (h/contracts).
        self.contracts = ContractRepository(session)
        self.feedback = FeedbackRepository(session)
        self.facts = FactsRepository(session)

    def event_sources(self) -> Iterable[EventSource]:
        return (self.contracts, self.feedback)


class UnitOfWorkFactory(base.UnitOfWorkFactory[UnitOfWork]):
    """Opens support units of work on one database with one event recorder."""

    unit = UnitOfWork
