"""Groups of users, roles and roles-with-subordinates; a group may own records."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from crm_chassis.fields import Checker
from crm_identity.domain import names
from crm_identity.domain.versions import Versioned

MEMBER_LISTS = ("user_ids", "role_ids", "role_and_subordinate_ids")


def unique(ids: Sequence[UUID] | None) -> tuple[UUID, ...]:
    return tuple(dict.fromkeys(ids or ()))


@dataclass(frozen=True)
class GroupFields:
    """What creating or changing a group sets (a change: only the names sent)."""

    name: str | None = None
    description: str | None = None
    user_ids: tuple[UUID, ...] | None = None
    role_ids: tuple[UUID, ...] | None = None
    role_and_subordinate_ids: tuple[UUID, ...] | None = None


@dataclass
class Group(Versioned):
    id: UUID
    name: str
    description: str
    user_ids: tuple[UUID, ...]
    role_ids: tuple[UUID, ...]
    role_and_subordinate_ids: tuple[UUID, ...]
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @classmethod
    def create(cls, group_id: UUID, given: GroupFields, now: datetime) -> Group:
        """A new group (whether its members exist is the store's to say)."""
        check = Checker()
        group = cls(
            id=group_id,
            name=names.name(check, given.name),
            description=names.description(check, given.description),
            user_ids=unique(given.user_ids),
            role_ids=unique(given.role_ids),
            role_and_subordinate_ids=unique(given.role_and_subordinate_ids),
            created_at=now,
            updated_at=now,
        )
        check.raise_if_any()
        return group

    def change(self, given: GroupFields, sent: Collection[str]) -> None:
        """Apply the sent fields; member lists replace wholesale; only the description may
        be null."""
        check = Checker()
        for key in sorted(sent):
            if getattr(given, key) is None and key != "description":
                check.add(key, "must not be null")
        check.raise_if_any()
        if "name" in sent:
            self.name = names.name(check, given.name)
        if "description" in sent:
            self.description = names.description(check, given.description)
        check.raise_if_any()
        for key in MEMBER_LISTS:
            if key in sent:
                setattr(self, key, unique(getattr(given, key)))

    def state(self) -> dict[str, object]:
        """What the audit log shows of a group."""
        return {
            "name": self.name,
            "description": self.description,
            "user_ids": [str(i) for i in self.user_ids],
            "role_ids": [str(i) for i in self.role_ids],
            "role_and_subordinate_ids": [str(i) for i in self.role_and_subordinate_ids],
        }
