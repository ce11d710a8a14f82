"""The unit of work: the chassis's transaction and outbox, with the service's repositories.

Events are written to the outbox in the same transaction as the change, just before the
commit (``crm_chassis.db.unit_of_work``), so a change and its events are kept or lost together.
"""

from __future__ import annotations

from crm_chassis.db import unit_of_work as base


class UnitOfWork(base.UnitOfWork):
    """One transaction: add each repository in ``__init__`` (``self.tickets = ...(session)``)
    and name those whose aggregates record events in ``event_sources()``."""


class UnitOfWorkFactory(base.UnitOfWorkFactory[UnitOfWork]):
    """Opens marketing units of work on one database with one event recorder."""

    unit = UnitOfWork
