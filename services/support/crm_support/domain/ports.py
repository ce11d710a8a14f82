"""Ports: what support's use cases need from the world, as ``typing.Protocol`` classes.

Another service's data (read over gRPC), a mail server, a PDF renderer: each is a protocol
here, implemented in ``adapters/`` and chosen in ``bootstrap.py``, so use cases and their
tests never touch the wire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class ContactRef:
    id: UUID
    account_id: UUID | None


class References(Protocol):
    """contacts' accounts and contacts, sales' products, as a caller may see them.

    ``token`` is the caller's; None asks with the service's own credentials (portal and
    e-mail tickets, whose account and contact the token or the matched sender fixed).
    Each answers None/False for a record that does not exist or the caller may not see.
    """

    def account_exists(self, account_id: UUID, *, token: str | None) -> bool: ...

    def get_contact(self, contact_id: UUID, *, token: str | None) -> ContactRef | None: ...

    def product_exists(self, product_id: UUID, *, token: str | None) -> bool: ...


class ContractSlas(Protocol):
    """The SLA policy an account's service contract grants at a time (h/contracts fills
    it; until then no account has one and the ticket's priority picks the policy)."""

    def policy_for(self, account_id: UUID, at: datetime) -> UUID | None: ...
