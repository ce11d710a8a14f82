"""Which SLA policy an account's service contract grants (the ``ContractSlas`` port).

h/contracts replaces :class:`NoContracts` with an adapter over its contracts table; until
then no account has a contract and every ticket's priority picks its policy.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID


class NoContracts:
    def policy_for(self, account_id: UUID, at: datetime) -> UUID | None:
        return None
