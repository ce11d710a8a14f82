"""Roles in a hierarchy: each user has one; a role has one or more profiles.

A user sees the records owned by users in the roles below their own, so the tree must stay
a tree: a role can never become its own ancestor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from crm_chassis.errors import Conflict, FieldError, PreconditionFailed
from crm_identity.domain.errors import InvalidField

# Legacy role names of the first cut (users' ``roles`` field): "admin" is the flag
# ``is_admin``, "user" a plain user. Tokens keep ``roles: ["admin"]`` for administrators.
ADMIN = "admin"
USER = "user"
LEGACY_ROLES = (ADMIN, USER)


class RoleCycle(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "A role cannot sit below itself or below one of its own subordinates.",
            errors=[FieldError("parent_id", "would create a cycle")],
        )


class RoleInUse(Conflict):
    def __init__(self, what: str) -> None:
        super().__init__(f"The role still has {what}; move them to another role first.")


def validate_name(name: str, field: str = "name") -> str:
    name = name.strip()
    if not name or len(name) > 200:
        raise InvalidField(field, "must be 1 to 200 characters long")
    return name


def validate_profile_ids(ids: Sequence[UUID]) -> tuple[UUID, ...]:
    unique = tuple(dict.fromkeys(ids))
    if not unique:
        raise InvalidField("profile_ids", "a role needs at least one profile")
    return unique


def check_no_cycle(
    role_id: UUID, new_parent_id: UUID | None, parents: Mapping[UUID, UUID | None]
) -> None:
    """Raise RoleCycle when putting ``role_id`` below ``new_parent_id`` closes a loop.

    ``parents`` maps every existing role to its parent.
    """
    seen: set[UUID] = set()
    current = new_parent_id
    while current is not None:
        if current == role_id or current in seen:
            raise RoleCycle()
        seen.add(current)
        current = parents.get(current)


def subordinates(role_id: UUID, parents: Mapping[UUID, UUID | None]) -> set[UUID]:
    """Return the roles strictly below ``role_id``."""
    children: dict[UUID, list[UUID]] = {}
    for rid, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(rid)
    found: set[UUID] = set()
    stack = list(children.get(role_id, ()))
    while stack:
        rid = stack.pop()
        if rid not in found:
            found.add(rid)
            stack.extend(children.get(rid, ()))
    return found


@dataclass
class Role:
    id: UUID
    name: str
    parent_id: UUID | None
    profile_ids: tuple[UUID, ...]
    description: str
    created_at: datetime
    updated_at: datetime
    version: int = 1

    def check_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise PreconditionFailed("The role changed meanwhile; reload and retry.")

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1
