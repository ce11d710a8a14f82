"""Domain events, past tense; the outgoing adapter turns them into versioned integration events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

if TYPE_CHECKING:
    from crm_contacts.domain.accounts import Account
    from crm_contacts.domain.contacts import Contact


@dataclass(frozen=True, kw_only=True)
class AccountCreated:
    account: Account


@dataclass(frozen=True, kw_only=True)
class AccountUpdated:
    account: Account
    changed_fields: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class AccountDeleted:
    account_id: UUID
    version: int
    deleted_at: datetime
    deleted_by: str


@dataclass(frozen=True, kw_only=True)
class ContactCreated:
    contact: Contact


@dataclass(frozen=True, kw_only=True)
class ContactUpdated:
    contact: Contact
    changed_fields: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ContactDeleted:
    contact_id: UUID
    account_id: UUID | None
    version: int
    deleted_at: datetime
    deleted_by: str


@dataclass(frozen=True, kw_only=True)
class AccountMerged:
    account: Account
    merged_ids: tuple[UUID, ...]
    merged_at: datetime
    merged_by: str


@dataclass(frozen=True, kw_only=True)
class ContactMerged:
    contact: Contact
    merged_ids: tuple[UUID, ...]
    merged_at: datetime
    merged_by: str


DomainEvent = (
    AccountCreated
    | AccountUpdated
    | AccountDeleted
    | ContactCreated
    | ContactUpdated
    | ContactDeleted
    | AccountMerged
    | ContactMerged
)
