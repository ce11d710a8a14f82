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


@dataclass(frozen=True)
class ContactRef:
    """A contacts contact as sales' reference checks need it: which account it belongs to."""

    id: UUID
    account_id: UUID | None = None


class AccountDirectory(Protocol):
    """contacts' accounts, asked synchronously (gRPC), as the caller or as sales itself.

    ``token`` is the caller's, used when sales has no credentials of its own, or always with
    ``as_caller`` (reference checks: the caller may refer only to what they may see).
    """

    def find_account(
        self, *, name: str | None, domain: str | None, token: str | None
    ) -> UUID | None:
        """An existing account with this name (case-insensitive) or web domain."""

    def get_account(
        self, account_id: UUID, *, token: str | None, as_caller: bool = False
    ) -> Account | None:
        """The account (a merged-away id: its survivor), or None when missing or invisible."""

    def get_contact(
        self, contact_id: UUID, *, token: str | None, as_caller: bool = False
    ) -> ContactRef | None:
        """The contact, or None when it is missing or invisible."""
