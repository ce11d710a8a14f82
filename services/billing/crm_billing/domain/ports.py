"""What billing needs from the outside world, as protocols adapters implement.

Bootstrap chooses the implementations (``adapters/pdf.py`` prints invoices,
``adapters/contacts_directory.py`` asks contacts about accounts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from crm_billing.domain.invoices import Invoice


class InvoicePrinter(Protocol):
    """Renders the printable document of an invoice."""

    media_type: str

    def render(self, invoice: Invoice) -> bytes:
        """The invoice as a document (identical input gives identical bytes)."""
        ...


@dataclass(frozen=True)
class Account:
    """A contacts account as billing needs it: that it exists, and its name."""

    id: UUID
    name: str


class AccountDirectory(Protocol):
    """contacts' accounts, asked synchronously (gRPC) with the caller's token."""

    def get_account(self, account_id: UUID, *, token: str | None) -> Account | None:
        """The account, or None when it is missing or invisible to the caller (a user or a
        service account: its token is always the one sent).

        Raises ``crm_chassis.errors.Unavailable`` (503) when contacts cannot answer.
        """
        ...
