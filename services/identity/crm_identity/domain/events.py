"""Domain events recorded by identity's aggregates (past tense, plain frozen dataclasses).

They are internal facts; ``adapters/outgoing.py`` turns each into a versioned integration
event (``identity.user.created.v1``) written to the outbox in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True)
class UserSnapshot:
    """The public facts of a user that other services may keep a copy of."""

    id: UUID
    email: str
    display_name: str
    roles: tuple[str, ...]
    active: bool
    locale: str
    time_zone: str
    created_at: datetime
    updated_at: datetime
    version: int
    role_id: UUID | None = None
    is_admin: bool = False
    kind: str = "user"


@dataclass(frozen=True)
class UserCreated:
    user: UserSnapshot


@dataclass(frozen=True)
class UserUpdated:
    user: UserSnapshot
    changed_fields: tuple[str, ...]


@dataclass(frozen=True)
class UserDeactivated:
    user: UserSnapshot
    deactivated_at: datetime
    deactivated_by: str | None = None


DomainEvent = UserCreated | UserUpdated | UserDeactivated
