"""Repositories of service contracts and feedback, and the contract numbers.

Contracts are read FOR UPDATE (PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the write
lock) and written back only when their version moved, guarded by the version they were read
at. Feedback is insert-only; its unique ticket id turns a second answer into a 409.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_chassis.errors import Conflict
from crm_support.adapters.contract_tables import (
    contract_numbers,
    service_contracts,
    ticket_facts,
    ticket_feedback,
)
from crm_support.adapters.tables import sla_policies
from crm_support.domain.contracts import CONTRACT_STATUS, ServiceContract, format_contract_number
from crm_support.domain.feedback import Feedback, FeedbackAlreadyGiven

_FIELDS = (
    "id",
    "number",
    "account_id",
    "owner_id",
    "subject",
    "contract_type",
    "start_date",
    "end_date",
    "sla_policy_id",
    "tracking_unit",
    "review_date",
    "description",
    "status",
    "exhausted_at",
    "expired_at",
    "review_notified_for",
    "created_by",
    "created_at",
    "updated_at",
    "version",
)


def contract_values(contract: ServiceContract) -> dict[str, Any]:
    values = {name: getattr(contract, name) for name in _FIELDS}
    total = contract.total_units
    values["total_units"] = None if total is None else str(total)
    values["search_text"] = contract.search_text
    return values


def contract_from_row(row: Any) -> ServiceContract:
    values = {name: getattr(row, name) for name in _FIELDS}
    total = row.total_units
    return ServiceContract(**values, total_units=None if total is None else Decimal(total))


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


class ContractRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: list[ServiceContract] = []
        self._loaded: dict[UUID, int] = {}

    def _track(self, contract: ServiceContract) -> ServiceContract:
        if contract.id not in self._loaded:
            self.seen.append(contract)
        self._loaded[contract.id] = contract.version
        return contract

    def get(self, contract_id: UUID) -> ServiceContract | None:
        stmt = sa.select(service_contracts).where(service_contracts.c.id == contract_id)
        row = self.session.execute(stmt.with_for_update()).first()
        return None if row is None else self._track(contract_from_row(row))

    def add(self, contract: ServiceContract) -> None:
        self.session.execute(sa.insert(service_contracts).values(**contract_values(contract)))
        self._track(contract)

    def save(self, contract: ServiceContract) -> None:
        loaded = self._loaded.get(contract.id)
        if loaded is None or loaded == contract.version:
            return
        values = contract_values(contract)
        result = self.session.execute(
            sa.update(service_contracts)
            .where(service_contracts.c.id == contract.id, service_contracts.c.version == loaded)
            .values(**{k: v for k, v in values.items() if k not in ("id", "created_at")})
        )
        if result.rowcount != 1:
            raise Conflict(f"Service contract {contract.id} was changed concurrently; try again.")
        self._loaded[contract.id] = contract.version

    def live_ids(self, *, after: UUID | None, limit: int) -> list[UUID]:
        """Ids of contracts not yet final, in id order from ``after`` (the check's batches)."""
        c = service_contracts.c
        stmt = sa.select(c.id).where(c.status.not_in(sorted(CONTRACT_STATUS.terminal)))
        if after is not None:
            stmt = stmt.where(c.id > after)
        return list(self.session.execute(stmt.order_by(c.id).limit(limit)).scalars())

    def in_force(self, account_id: UUID, at: date) -> Iterator[ServiceContract]:
        """The account's contracts covering ``at`` that are not cancelled, newest first."""
        c = service_contracts.c
        stmt = (
            sa.select(service_contracts)
            .where(
                c.account_id == account_id,
                c.start_date <= at,
                c.end_date >= at,
                c.status.not_in(["Cancelled"]),
            )
            .order_by(c.start_date.desc(), c.number.desc())
        )
        for row in self.session.execute(stmt):
            yield contract_from_row(row)

    def policy_exists(self, policy_id: UUID) -> bool:
        """True when ``policy_id`` names one of h/sla's SLA policies."""
        stmt = sa.select(sla_policies.c.id).where(sla_policies.c.id == policy_id)
        return self.session.execute(stmt).first() is not None

    def next_number(self, year: int) -> str:
        """Gap-free per year: the counter row is bumped under its lock in this transaction."""
        self.session.execute(
            _insert(self.session)(contract_numbers)
            .values(year=year, last_number=0)
            .on_conflict_do_nothing()
        )
        c = contract_numbers.c
        current = self.session.execute(
            sa.select(c.last_number).where(c.year == year).with_for_update()
        ).scalar_one()
        self.session.execute(
            sa.update(contract_numbers).where(c.year == year).values(last_number=current + 1)
        )
        return format_contract_number(year, current + 1)


class FeedbackRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: list[Feedback] = []

    def add(self, feedback: Feedback) -> None:
        """Insert the answer; a second one for the same ticket is 409 (the unique key)."""
        values = {
            k: getattr(feedback, k)
            for k in (
                "id",
                "ticket_id",
                "ticket_number",
                "score",
                "comment",
                "account_id",
                "contact_id",
                "owner_id",
                "agent_id",
                "team_id",
                "team_kind",
                "given_by",
                "closed_at",
                "created_at",
            )
        }
        try:
            with self.session.begin_nested():
                self.session.execute(sa.insert(ticket_feedback).values(**values))
                # Facts recorded before the answer take its score now (same transaction).
                self.session.execute(
                    sa.update(ticket_facts)
                    .where(ticket_facts.c.ticket_id == feedback.ticket_id)
                    .values(score=feedback.score)
                )
        except IntegrityError:
            raise FeedbackAlreadyGiven(feedback.ticket_id) from None
        self.seen.append(feedback)

    def given_for(self, ticket_id: UUID) -> bool:
        stmt = sa.select(ticket_feedback.c.id).where(ticket_feedback.c.ticket_id == ticket_id)
        return self.session.execute(stmt).first() is not None
