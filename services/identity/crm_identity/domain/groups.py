"""Groups of users, roles and roles-with-subordinates; a group may own records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_chassis.errors import PreconditionFailed


def unique(ids: Sequence[UUID]) -> tuple[UUID, ...]:
    return tuple(dict.fromkeys(ids))


@dataclass
class Group:
    id: UUID
    name: str
    description: str
    user_ids: tuple[UUID, ...]
    role_ids: tuple[UUID, ...]
    role_and_subordinate_ids: tuple[UUID, ...]
    created_at: datetime
    updated_at: datetime
    version: int = 1

    def check_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise PreconditionFailed("The group changed meanwhile; reload and retry.")

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1

    def state(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "user_ids": [str(i) for i in self.user_ids],
            "role_ids": [str(i) for i in self.role_ids],
            "role_and_subordinate_ids": [str(i) for i in self.role_and_subordinate_ids],
        }
