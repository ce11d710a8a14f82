"""Assignment rules: who gets a new lead, by territory, product interest or round robin.

Rules are tried by ascending priority; the first whose criteria all hold assigns the lead.
A rule names either one owner (user or group) or a round robin over a group's members,
which skips inactive users and remembers where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields

CRITERIA = ("country", "state", "postal_code_prefix", "product_interest", "lead_source", "industry")
TARGETS = ("owner", "round_robin")


@dataclass
class AssignmentRule:
    id: UUID
    name: str
    priority: int
    target: str
    owner_id: UUID | None = None
    group_id: UUID | None = None
    criteria: dict[str, str] = field(default_factory=dict)
    active: bool = True
    # Index into the group's member list of the last user given a lead.
    cursor: int = -1


def check_rule(rule: AssignmentRule) -> None:
    """A rule assigns to an owner or round robin over a group, by known criteria."""
    errors = []
    if rule.target not in TARGETS:
        errors.append(FieldError("target", "must be owner or round_robin"))
    if rule.target == "owner" and not rule.owner_id:
        errors.append(FieldError("owner_id", "is required for target owner"))
    if rule.target == "round_robin" and not rule.group_id:
        errors.append(FieldError("group_id", "is required for target round_robin"))
    for key in rule.criteria:
        if key not in CRITERIA:
            errors.append(FieldError(f"criteria.{key}", f"must be one of {', '.join(CRITERIA)}"))
    if errors:
        raise InvalidFields(errors)


def applies(rule: AssignmentRule, lead: Any) -> bool:
    address = lead.address
    for key, wanted in rule.criteria.items():
        wanted_lc = str(wanted).strip().lower()
        if key == "postal_code_prefix":
            value = (address.postal_code if address else None) or ""
            if not value.lower().startswith(wanted_lc):
                return False
            continue
        if key in ("country", "state"):
            value = getattr(address, key, None) if address else None
        else:
            value = getattr(lead, key, None)
        if value is None or str(value).strip().lower() != wanted_lc:
            return False
    return True


def next_in_rotation(members: list[str], active: set[str], cursor: int) -> tuple[str, int] | None:
    """The next active member after ``cursor`` (wrapping), and its index; None if nobody."""
    n = len(members)
    for step in range(1, n + 1):
        i = (cursor + step) % n
        if members[i] in active:
            return members[i], i
    return None


def choose(
    rules: list[AssignmentRule], lead: Any, group_members: Any, active_users: Any
) -> tuple[AssignmentRule, UUID] | None:
    """Pick the owner for ``lead``; mutates the round-robin rule's cursor."""
    for rule in sorted(rules, key=lambda r: (r.priority, r.name)):
        if not rule.active or not applies(rule, lead):
            continue
        if rule.target == "owner" and rule.owner_id is not None:
            return rule, rule.owner_id
        members = sorted(group_members(str(rule.group_id)))
        picked = next_in_rotation(members, active_users(members), rule.cursor)
        if picked is None:
            continue
        user, rule.cursor = picked
        return rule, UUID(user)
    return None


# -- the fallback owner ------------------------------------------------------------------------

#: The sales setting holding the administrators' choice (``{"fallback_owner_id": ...}``).
SETTINGS_KEY = "assignment"


@dataclass(frozen=True)
class AssignmentSettings:
    """What the administrators set: who gets an auto-assigned lead no rule matched."""

    fallback_owner_id: UUID | None = None

    @classmethod
    def of(cls, stored: Any) -> AssignmentSettings:
        found = (stored or {}).get("fallback_owner_id")
        return cls(UUID(found) if found else None)

    def as_setting(self) -> dict[str, str | None]:
        owner = self.fallback_owner_id
        return {"fallback_owner_id": str(owner) if owner else None}


def fallback_owner(
    settings: AssignmentSettings,
    *,
    creator: UUID | None,
    administrators: list[str],
    available: Callable[[UUID], bool] = lambda _: True,
) -> UUID | None:
    """The owner of an auto-assigned lead no rule matched, never nobody while someone exists:
    the administrators' ``fallback_owner_id`` (while ``available``: an active user or a
    group), else the lead's creator, else (web-form leads have no creator) the first active
    administrator by id; None only when the policy knows no administrator either."""
    configured = settings.fallback_owner_id
    if configured is not None and available(configured):
        return configured
    if creator is not None:
        return creator
    return UUID(min(administrators)) if administrators else None
