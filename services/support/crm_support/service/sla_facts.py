"""The SlaFacts port over h/sla's calendars and policies: business minutes on the calendar
of the ticket's SLA policy (its service contract's, else its priority's), and whether the
ticket missed any target, from one read of the ticket. A ticket without a policy counts
wall-clock minutes and has no breach figure (None: it had no targets to miss)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from crm_chassis.db import Database, utcnow
from crm_support.adapters.sla_store import SlaStore
from crm_support.domain.business_time import BusinessCalendar, business_minutes_between
from crm_support.domain.contract_ports import ClosingFigures
from crm_support.domain.ports import ContractSlas
from crm_support.service.sla import ticket_sla


class CalendarSlaFacts:
    def __init__(self, db: Database, contracts: ContractSlas) -> None:
        self.db = db
        self.contracts = contracts

    def figures(
        self,
        ticket_id: UUID,
        created_at: datetime,
        first_response_at: datetime | None,
        closed_at: datetime,
    ) -> ClosingFigures:
        calendar: BusinessCalendar | None = None
        breached: bool | None = None
        with self.db.reading() as session:
            store = SlaStore(session)
            ticket = store.ticket(ticket_id)
            if ticket is not None:
                sla = ticket_sla(store, ticket, self.contracts, utcnow())
                calendar = sla.calendar.business() if sla.calendar is not None else None
                if sla.targets:
                    breached = any(t.breached for t in sla.targets)

        def minutes(start: datetime, end: datetime) -> int:
            if calendar is None:
                return max(0, int((end - start).total_seconds() // 60))
            return max(0, business_minutes_between(calendar, start, end))

        first = None if first_response_at is None else minutes(created_at, first_response_at)
        return ClosingFigures(first, minutes(created_at, closed_at), breached)
