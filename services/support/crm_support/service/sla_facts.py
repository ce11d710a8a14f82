"""The SlaFacts port over h/sla's calendars and policies: business minutes on the calendar
of the ticket's SLA policy (its service contract's, else its priority's), and whether the
ticket missed any target. A ticket without a policy counts wall-clock minutes and has no
breach figure (None: it had no targets to miss)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from crm_chassis.db import Database, utcnow
from crm_support.adapters.sla_store import SlaStore
from crm_support.domain.business_time import business_minutes_between
from crm_support.domain.ports import ContractSlas
from crm_support.service.sla import policy_of, ticket_sla


class CalendarSlaFacts:
    def __init__(self, db: Database, contracts: ContractSlas) -> None:
        self.db = db
        self.contracts = contracts

    def minutes_between(self, ticket_id: UUID, start: datetime, end: datetime) -> int:
        with self.db.reading() as session:
            store = SlaStore(session)
            ticket = store.ticket(ticket_id)
            chosen = policy_of(store, ticket, self.contracts) if ticket else None
        if chosen is None:
            return max(0, int((end - start).total_seconds() // 60))
        return max(0, business_minutes_between(chosen[1].business(), start, end))

    def breached(self, ticket_id: UUID) -> bool | None:
        with self.db.reading() as session:
            store = SlaStore(session)
            ticket = store.ticket(ticket_id)
            if ticket is None:
                return None
            sla = ticket_sla(store, ticket, self.contracts, utcnow())
        if not sla.targets:
            return None
        return any(t.breached for t in sla.targets)
