"""The unit of work: the chassis's transaction and outbox, with the service's repositories.

Events are written to the outbox in the same transaction as the change, just before the
commit (``crm_chassis.db.unit_of_work``), so a change and its events are kept or lost together.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm_chassis.db import unit_of_work as base
from crm_chassis.db.unit_of_work import EventRecorder
from crm_support.adapters.article_repository import ArticleRepository


class UnitOfWork(base.UnitOfWork):
    """One transaction: add each repository in ``__init__`` (``self.tickets = ...(session)``)
    and name those whose aggregates record events in ``event_sources()``."""

    def __init__(self, session: Session, record: EventRecorder) -> None:
        super().__init__(session, record)
        # The knowledge base's articles (record no events).
        self.articles = ArticleRepository(session)


class UnitOfWorkFactory(base.UnitOfWorkFactory[UnitOfWork]):
    """Opens support units of work on one database with one event recorder."""

    unit = UnitOfWork
