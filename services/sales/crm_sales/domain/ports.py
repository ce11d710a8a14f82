"""Ports the use cases need from other services (implemented in adapters/)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from crm_chassis.fields import Address


@dataclass(frozen=True)
class Account:
    """A contacts account as sales needs it: its name and addresses."""

    id: UUID
    name: str
    billing_address: Address | None = None
    shipping_address: Address | None = None


class AccountDirectory(Protocol):
    """contacts' accounts, asked synchronously (gRPC), as the caller or as sales itself.

    ``token`` is the caller's, used when sales has no credentials of its own.
    """

    def find_account(
        self, *, name: str | None, domain: str | None, token: str | None
    ) -> UUID | None:
        """An existing account with this name (case-insensitive) or web domain."""

    def get_account(self, account_id: UUID, *, token: str | None) -> Account | None:
        """The account, or None when it is missing or invisible."""
