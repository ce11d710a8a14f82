"""Ports the domain's use cases need from other services (implemented in adapters/)."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID


class AccountDirectory(Protocol):
    """contacts' accounts, asked synchronously (gRPC), as the caller or as sales itself."""

    def find_account(
        self, *, name: str | None, domain: str | None, token: str | None
    ) -> UUID | None:
        """An existing account with this name (case-insensitive) or web domain."""

    def get_account(self, account_id: UUID, *, token: str | None) -> dict[str, Any] | None:
        """The account (name, billing/shipping address) or None when missing/invisible."""
