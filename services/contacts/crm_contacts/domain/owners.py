"""The owner directory: the local copy of identity's users that records may be assigned to."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields


@dataclass(frozen=True)
class Owner:
    id: UUID
    email: str
    display_name: str
    active: bool
    updated_at: datetime
    # When identity deactivated the user: tokens issued before it are refused.
    deactivated_at: datetime | None = None

    def supersedes(self, other: Owner | None) -> bool:
        """Return True when this fact is newer than ``other`` (events may arrive out of order).

        Identity stamps every user event with the user's ``updated_at``; the later one wins.
        A tie keeps what we have, so a redelivered event changes nothing.
        """
        return other is None or self.updated_at > other.updated_at

    def refuses_token(self, issued_at: datetime | None) -> bool:
        """Return True when a token of this user issued at ``issued_at`` must be refused.

        A deactivated user's tokens are all refused; after a reactivation, tokens issued
        before the last deactivation stay refused until they expire.
        """
        if not self.active:
            return True
        if self.deactivated_at is None:
            return False
        return issued_at is None or issued_at <= self.deactivated_at


def reconcile(current: Owner | None, fact: Owner) -> Owner | None:
    """Return what to store after learning ``fact``, or None when nothing changes.

    The newest ``updated_at`` decides the user's facts; the latest deactivation instant is
    kept whichever event carried it. Identity sends ``user.updated`` (active=false) and
    ``user.deactivated`` with the same ``updated_at``, in either order after a redelivery:
    the tie must still record when the deactivation happened.
    """
    if current is None:
        return fact
    newest = fact if fact.supersedes(current) else current
    instants = [d for d in (current.deactivated_at, fact.deactivated_at) if d is not None]
    result = replace(newest, deactivated_at=max(instants) if instants else None)
    return None if result == current else result


def ensure_assignable(owner_id: UUID, owner: Owner | None) -> None:
    """Refuse an owner who is unknown here or deactivated (422 on ``owner_id``)."""
    if owner is None:
        raise InvalidFields([FieldError("owner_id", "is not a known user")])
    if not owner.active:
        raise InvalidFields([FieldError("owner_id", "is not an active user")])
