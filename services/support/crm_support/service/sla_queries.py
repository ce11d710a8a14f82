"""Reads of SLAs: calendars, policies and a ticket's SLA now (no commands; nothing written).

Calendars and policies are settings: whoever may view tickets may read them all. A ticket's
SLA is shown only to who may see the ticket (404 otherwise, as for the ticket itself).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.db.types import utcnow
from crm_chassis.errors import Forbidden, RecordNotFound
from crm_support.adapters.sla_store import SlaStore
from crm_support.domain.calendars import Calendar
from crm_support.domain.ports import ContractSlas
from crm_support.domain.sla_policies import SlaPolicy
from crm_support.service.sla import TicketSla, ticket_sla
from crm_support.service.sla_access import TICKETS


class SlaQueries:
    def __init__(self, db: Database, access: RecordAccess, contracts: ContractSlas) -> None:
        self.db, self.access, self.contracts = db, access, contracts

    def _require_staff(self, caller: Principal) -> None:
        """Service levels are ours: customers (portal) never read targets or settings."""
        if caller.kind == "portal":
            raise Forbidden("SLAs are not shown to customers.")
        self.access.require(caller, TICKETS, "view")

    def calendars(self, caller: Principal) -> list[Calendar]:
        self._require_staff(caller)
        with self.db.reading() as session:
            return SlaStore(session).calendars()

    def calendar(self, caller: Principal, calendar_id: UUID) -> Calendar:
        self._require_staff(caller)
        with self.db.reading() as session:
            found = SlaStore(session).calendar(calendar_id)
        if found is None:
            raise RecordNotFound("Calendar", calendar_id)
        return found

    def policies(self, caller: Principal) -> list[SlaPolicy]:
        self._require_staff(caller)
        with self.db.reading() as session:
            return SlaStore(session).policies()

    def policy(self, caller: Principal, policy_id: UUID) -> SlaPolicy:
        self._require_staff(caller)
        with self.db.reading() as session:
            found = SlaStore(session).policy(policy_id)
        if found is None:
            raise RecordNotFound("SLA policy", policy_id)
        return found

    def ticket_sla(
        self, caller: Principal, ticket_id: UUID, now: datetime | None = None
    ) -> TicketSla:
        """The ticket's SLA now, computed from its history (404 for an invisible ticket)."""
        self._require_staff(caller)
        with self.db.reading() as session:
            store = SlaStore(session)
            ticket = store.ticket(ticket_id)
            if ticket is None or not self.access.can_see(caller, TICKETS, ticket):
                raise RecordNotFound("Ticket", ticket_id)
            return ticket_sla(store, ticket, self.contracts, now or utcnow())

    def slas(self, ticket_ids: list[UUID], now: datetime | None = None) -> dict[UUID, TicketSla]:
        """Several tickets' SLAs for answers already filtered by visibility (lists)."""
        moment = now or utcnow()
        found: dict[UUID, TicketSla] = {}
        with self.db.reading() as session:
            store = SlaStore(session)
            for ticket_id in ticket_ids:
                ticket = store.ticket(ticket_id)
                if ticket is not None:
                    found[ticket_id] = ticket_sla(store, ticket, self.contracts, moment)
        return found
