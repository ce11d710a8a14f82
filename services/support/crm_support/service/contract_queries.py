"""Reads of service contracts (get, keyset-paged list) with their usage, and of feedback.

Usage (used and remaining units) is computed from the account's tickets in the contract
period on every read: one indexed aggregate per contract (``ix_tickets_account_id_created_at``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.errors import RecordNotFound
from crm_chassis.pagination import ListParams, decode_cursor, keyset, page, parse_sort
from crm_support.adapters.contract_repositories import contract_from_row
from crm_support.adapters.contract_tables import service_contracts, ticket_feedback
from crm_support.adapters.facts_repository import FactsRepository
from crm_support.domain.contracts import ServiceContract
from crm_support.service.access import SERVICE_CONTRACTS, TICKETS
from crm_support.service.contract_rules import ContractRules

SORTS = {"created_at", "updated_at", "number", "end_date"}
FILTERS = ("account_id", "status", "owner_id", "tracking_unit", "contract_type")


@dataclass(frozen=True)
class ContractView:
    """A contract with what its account's tickets used of it."""

    contract: ServiceContract
    used_units: Decimal
    remaining_units: Decimal | None
    tickets: int
    minutes: int


class ContractQueries:
    def __init__(self, db: Database, access: RecordAccess, rules: ContractRules) -> None:
        self.db = db
        self.access = access
        self.rules = rules

    def _where(self, caller: Principal) -> Any:
        self.access.require(caller, SERVICE_CONTRACTS, "view")
        condition = self.access.visible_filter(caller, SERVICE_CONTRACTS, service_contracts)
        return sa.true() if condition is None else condition

    def _view(self, session: Any, contract: ServiceContract) -> ContractView:
        usage = FactsRepository(session).usage(
            contract.account_id, contract.start_date, contract.end_date
        )
        minutes = self.rules.day_minutes
        return ContractView(
            contract=contract,
            used_units=contract.used(usage, minutes),
            remaining_units=contract.remaining(usage, minutes),
            tickets=usage.tickets,
            minutes=usage.minutes,
        )

    def get(self, caller: Principal, contract_id: UUID) -> ContractView:
        c = service_contracts.c
        stmt = sa.select(service_contracts).where(c.id == contract_id, self._where(caller))
        with self.db.reading() as session:
            row = session.execute(stmt).first()
            if row is None:
                raise RecordNotFound("Service contract", contract_id)
            return self._view(session, contract_from_row(row))

    def list(self, caller: Principal, params: ListParams) -> tuple[list[ContractView], str | None]:
        sort, descending = parse_sort(params.sort or "-created_at", SORTS, "created_at")
        table = service_contracts
        stmt = sa.select(table).where(self._where(caller))
        for name in FILTERS:
            value = params.filters.get(name)
            if value is not None:
                stmt = stmt.where(table.c[name] == value)
        if params.updated_since is not None:
            stmt = stmt.where(table.c.updated_at >= params.updated_since)
        if params.q and params.q.strip():
            stmt = stmt.where(table.c.search_text.like(_pattern(params.q), escape="\\"))
        after = (
            decode_cursor(params.cursor, sort=sort, descending=descending)
            if params.cursor
            else None
        )
        stmt = keyset(
            stmt, table.c[sort], table.c.id, descending=descending, after=after, limit=params.limit
        )
        with self.db.reading() as session:
            found = session.execute(stmt).all()
            keys = {r.id: getattr(r, sort) for r in found}
            views = [self._view(session, contract_from_row(r)) for r in found]
        return page(
            views,
            limit=params.limit,
            sort=sort,
            descending=descending,
            key=lambda v: (keys[v.contract.id], v.contract.id),
        )

    def feedback_of(self, caller: Principal, ticket_id: UUID) -> Any:
        """The feedback on a ticket the caller may see, or None (404 for the ticket)."""
        self.access.require(caller, TICKETS, "view")
        fb = ticket_feedback.c
        condition = self.access.visible_filter(caller, TICKETS, ticket_feedback)
        stmt = sa.select(ticket_feedback).where(fb.ticket_id == ticket_id)
        if condition is not None:
            stmt = stmt.where(condition)
        with self.db.reading() as session:
            return session.execute(stmt).first()


def _pattern(term: str) -> str:
    """``LIKE '%term%' ESCAPE '\\'``, lower-cased (search_text is kept lower-case)."""
    escaped = term.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
