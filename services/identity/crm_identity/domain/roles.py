"""Roles in a hierarchy: each user has one; a role has one or more profiles.

A user sees the records owned by users in the roles below their own, so the tree must stay
a tree: a role can never become its own ancestor.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from crm_chassis.errors import Conflict, FieldError, invalid
from crm_chassis.fields import Checker
from crm_identity.domain import names
from crm_identity.domain.versions import Versioned

# Legacy role names of the first cut (users' ``roles`` field): "admin" is the flag
# ``is_admin``, "user" a plain user. Tokens keep ``roles: ["admin"]`` for administrators.
ADMIN = "admin"
USER = "user"
LEGACY_ROLES = (ADMIN, USER)

Parents = Mapping[UUID, UUID | None]


class RoleCycle(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "A role cannot sit below itself or below one of its own subordinates.",
            errors=[FieldError("parent_id", "would create a cycle")],
        )


class RoleInUse(Conflict):
    def __init__(self, what: str) -> None:
        super().__init__(f"The role still has {what}; move them to another role first.")


def profile_ids(check: Checker, ids: Sequence[UUID] | None) -> tuple[UUID, ...]:
    """A role's profiles: at least one, each once (whether they exist is the store's)."""
    unique = tuple(dict.fromkeys(ids or ()))
    if not unique:
        check.add("profile_ids", "a role needs at least one profile")
    return unique


def check_no_cycle(role_id: UUID, new_parent_id: UUID | None, parents: Parents) -> None:
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


def subordinates(role_id: UUID, parents: Parents) -> set[UUID]:
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


@dataclass(frozen=True)
class RoleFields:
    """What a change of a role may set (only the names in the command's ``sent`` count)."""

    name: str | None = None
    parent_id: UUID | None = None
    profile_ids: tuple[UUID, ...] | None = None
    description: str | None = None


@dataclass
class Role(Versioned):
    id: UUID
    name: str
    parent_id: UUID | None
    profile_ids: tuple[UUID, ...]
    description: str
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @classmethod
    def create(cls, role_id: UUID, fields: RoleFields, now: datetime) -> Role:
        """A new role below an existing one (whether parent and profiles exist: the store's)."""
        check = Checker()
        name = names.name(check, fields.name)
        if fields.parent_id is None:
            check.add("parent_id", "a new role sits below an existing role")
        profiles = profile_ids(check, fields.profile_ids)
        description = names.description(check, fields.description)
        check.raise_if_any()
        return cls(role_id, name, fields.parent_id, profiles, description, now, now)

    def change(self, fields: RoleFields, sent: Collection[str], parents: Parents) -> None:
        """Apply the sent fields; a move is checked against every role's parent."""
        check = Checker()
        name = names.name(check, fields.name) if "name" in sent else self.name
        description = (
            names.description(check, fields.description)
            if "description" in sent
            else self.description
        )
        profiles = (
            profile_ids(check, fields.profile_ids) if "profile_ids" in sent else self.profile_ids
        )
        check.raise_if_any()
        if "parent_id" in sent and fields.parent_id != self.parent_id:
            self._move(fields.parent_id, parents)
        self.name, self.description, self.profile_ids = name, description, profiles

    def _move(self, parent_id: UUID | None, parents: Parents) -> None:
        if parent_id is None:
            raise invalid("parent_id", "only the root role has no parent")
        if self.parent_id is None:
            raise Conflict("The root role cannot be moved.")
        if parent_id not in parents:
            raise invalid("parent_id", "no such role")
        check_no_cycle(self.id, parent_id, parents)
        self.parent_id = parent_id

    def state(self) -> dict[str, object]:
        """What the audit log shows of a role."""
        return {
            "name": self.name,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "profile_ids": [str(i) for i in self.profile_ids],
            "description": self.description,
        }
