"""Keep the check's SLA rows in step with tickets, in the transaction that changed them.

The recorder wraps the outbox recorder: the unit of work hands it every domain event just
before the commit, and for each event about a ticket it rewrites that ticket's rows of
``ticket_sla_targets`` in the same session. Ticket use cases need not know SLAs exist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from crm_chassis.db.types import utcnow
from crm_support.adapters.sla_store import SlaStore
from crm_support.domain.ports import ContractSlas
from crm_support.service.sla import refresh_targets


class SlaTrackingRecorder:
    def __init__(
        self,
        inner: Callable[[Session, Any], None],
        contracts: ContractSlas,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.inner = inner
        self.contracts = contracts
        self.now = now

    def __call__(self, session: Session, event: Any) -> None:
        self.inner(session, event)
        self._refresh(session, [event])

    def record_many(self, session: Session, events: Sequence[Any]) -> None:
        many = getattr(self.inner, "record_many", None)
        if many is not None:
            many(session, events)
        else:
            for event in events:
                self.inner(session, event)
        self._refresh(session, events)

    def _refresh(self, session: Session, events: Sequence[Any]) -> None:
        ids: dict[UUID, None] = {}
        for event in events:
            ticket = getattr(event, "ticket", None)
            if ticket is not None and getattr(ticket, "id", None) is not None:
                ids[ticket.id] = None
        if not ids:
            return
        store, now = SlaStore(session), self.now()
        for ticket_id in ids:
            refresh_targets(store, ticket_id, self.contracts, now)
