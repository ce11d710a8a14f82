"""Which SLA policy an account's service contract grants (the ``ContractSlas`` port).

:class:`TableContractSlas` reads h/contracts' table (bootstrap's default); :class:`NoContracts`
(no account has a contract: every ticket's priority picks its policy) is for tests.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import sqlalchemy as sa

from crm_chassis.db import Database
from crm_support.adapters.contract_tables import service_contracts


class NoContracts:
    def policy_for(self, account_id: UUID, at: datetime) -> UUID | None:
        return None


class TableContractSlas:
    """The SLA policy of the account's service contract in force at ``at`` (h/contracts):
    not cancelled, expired or used up, its dates covering the day, the latest start first.
    A contract without a policy grants none (the priority's applies)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def policy_for(self, account_id: UUID, at: datetime) -> UUID | None:
        c = service_contracts.c
        day = at.astimezone(UTC).date()
        stmt = (
            sa.select(c.sla_policy_id)
            .where(
                c.account_id == account_id,
                c.start_date <= day,
                c.end_date >= day,
                c.status.not_in(["Cancelled", "Expired", "Used Up"]),
                c.sla_policy_id.is_not(None),
            )
            .order_by(c.start_date.desc(), c.number.desc())
            .limit(1)
        )
        with self.db.reading() as session:
            return session.execute(stmt).scalar()
