"""Ports: what support's use cases need from the world, as ``typing.Protocol`` classes.

Another service's data (read over gRPC), a mail server, a PDF renderer: each is a protocol
here, implemented in ``adapters/`` and chosen in ``bootstrap.py``, so use cases and their
tests never touch the wire.
"""

from datetime import datetime
from typing import Protocol
from uuid import UUID


class ContractSlas(Protocol):
    """The SLA policy an account's service contract grants at a time (h/contracts fills
    it; until then no account has one and the ticket's priority picks the policy)."""

    def policy_for(self, account_id: UUID, at: datetime) -> UUID | None: ...
