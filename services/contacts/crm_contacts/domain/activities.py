"""Activities: what tasks, calls/meetings and notes share (relations, owner, version).

Each is owned by a user or a group (``owner_id``: "assigned to") and may relate to any
CRM record by type and id, whichever service holds it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields, VersionMismatch
from crm_chassis.fields import Checker, text

#: Records an activity may relate to (held here or by another service).
RELATED_TYPES: tuple[str, ...] = (
    "lead",
    "account",
    "contact",
    "opportunity",
    "quote",
    "sales_order",
    "ticket",
    "invoice",
    "campaign",
)


@dataclass(frozen=True)
class Related:
    """The record an activity or note is about."""

    type: str
    id: UUID


def check_related(
    check: Checker, related_type: str | None, related_id: UUID | None, allowed: tuple[str, ...]
) -> Related | None:
    """Both or neither: a type without an id (or the reverse) names nothing."""
    related_type = text(related_type)
    if related_type is None and related_id is None:
        return None
    if related_type is None:
        check.add("related_type", "is required with related_id")
        return None
    if related_id is None:
        check.add("related_id", "is required with related_type")
        return None
    check.pick("related_type", related_type, allowed)
    return Related(related_type, related_id)


def refuse_unknown(sent: Iterable[str], editable: Iterable[str]) -> None:
    """A partial update may name only editable fields."""
    unknown = set(sent) - set(editable)
    if unknown:
        raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])


class Owned:
    """An owned, versioned activity record."""

    version: int
    owner_id: UUID

    def _apply(self, values: Any, owner_id: UUID | None) -> tuple[str, ...]:
        """Take the cleaned ``values`` and the owner; return what changed, sorted."""
        names = [f.name for f in dataclasses.fields(values)]
        changed = [n for n in names if getattr(self, n) != getattr(values, n)]
        if owner_id != self.owner_id:
            changed.append("owner_id")
        for name in changed:
            setattr(self, name, owner_id if name == "owner_id" else getattr(values, name))
        return tuple(sorted(changed))

    def expect_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)
