"""Domain events recorded by identity (past tense, frozen dataclasses built with keywords).

They are internal facts; ``events/outgoing.py`` turns each into a versioned integration
event (``identity.user.created.v1``) written to the outbox in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, kw_only=True)
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


@dataclass(frozen=True, kw_only=True)
class UserCreated:
    user: UserSnapshot


@dataclass(frozen=True, kw_only=True)
class UserUpdated:
    user: UserSnapshot
    changed_fields: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class UserDeactivated:
    user: UserSnapshot
    deactivated_at: datetime
    deactivated_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class PolicyChanged:
    """The access model changed: the whole new policy, as every service will decide with it.

    Recorded by the unit of work of any transaction that changed a role, profile, group,
    sharing setting, or a user's role, admin flag, activity or creation.
    """

    version: int
    snapshot_json: str
    changed_at: datetime


DomainEvent = UserCreated | UserUpdated | UserDeactivated | PolicyChanged
