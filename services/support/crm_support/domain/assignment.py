"""Who gets a new ticket: assignment rules by category, product or account, else a round
robin over a group's members by open load, else the fallback owner.

Rules are tried by ascending priority; the first whose criteria all hold assigns the
ticket. A rule names one owner (a user or a group), or a round robin over a group's
active members that picks the member with the fewest open tickets (ties: the next one after
where the rule last stopped, so equal loads still take turns).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields
from crm_support.domain.picklists import OWNER_KINDS, TICKET_CATEGORIES

CRITERIA = ("category", "product_id", "account_id")
TARGETS = ("owner", "round_robin")
#: The ticket setting holding the administrators' choices.
SETTINGS_KEY = "tickets"
DEFAULT_REOPEN_WINDOW_DAYS = 7.0


@dataclass
class AssignmentRule:
    id: UUID
    name: str
    priority: int
    target: str
    owner_id: UUID | None = None
    owner_kind: str | None = None
    group_id: UUID | None = None
    criteria: dict[str, str] = field(default_factory=dict)
    active: bool = True
    # Index into the group's sorted member list of the last user given a ticket.
    cursor: int = -1


def check_rule(rule: AssignmentRule, categories: tuple[str, ...] = TICKET_CATEGORIES) -> None:
    """A rule assigns to an owner or round robin over a group, by known criteria."""
    errors = []
    if rule.target not in TARGETS:
        errors.append(FieldError("target", "must be owner or round_robin"))
    if rule.target == "owner" and (not rule.owner_id or rule.owner_kind not in OWNER_KINDS):
        errors.append(FieldError("owner_id", "and owner_kind are required for target owner"))
    if rule.target == "round_robin" and not rule.group_id:
        errors.append(FieldError("group_id", "is required for target round_robin"))
    for key, value in rule.criteria.items():
        if key not in CRITERIA:
            errors.append(FieldError(f"criteria.{key}", f"must be one of {', '.join(CRITERIA)}"))
        elif key == "category" and value not in categories:
            errors.append(FieldError("criteria.category", "is not a ticket category"))
        elif key != "category" and not _is_uuid(value):
            errors.append(FieldError(f"criteria.{key}", "must be an id"))
    if errors:
        raise InvalidFields(errors)


def _is_uuid(value: Any) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True


def applies(rule: AssignmentRule, ticket: Any) -> bool:
    for key, wanted in rule.criteria.items():
        value = getattr(ticket, key, None)
        if value is None or str(value).lower() != str(wanted).lower():
            return False
    return True


def least_loaded(
    members: list[str], load: Mapping[str, int], cursor: int
) -> tuple[str, int] | None:
    """The member with the fewest open tickets; among equals, the first after ``cursor``."""
    if not members:
        return None
    n = len(members)
    order = [(cursor + step) % n for step in range(1, n + 1)]
    best = min(order, key=lambda i: (load.get(members[i], 0), order.index(i)))
    return members[best], best


@dataclass(frozen=True)
class Choice:
    owner_id: UUID
    owner_kind: str
    reason: str
    rule: AssignmentRule | None = None


def choose(
    rules: list[AssignmentRule],
    ticket: Any,
    *,
    members: Callable[[str], list[str]],
    load: Callable[[list[str]], Mapping[str, int]],
) -> Choice | None:
    """Pick the owner for ``ticket``; moves the round-robin rule's cursor.

    ``members(group_id)`` gives the group's active users; ``load(users)`` their open tickets.
    """
    for rule in sorted(rules, key=lambda r: (r.priority, r.name)):
        if not rule.active or not applies(rule, ticket):
            continue
        if rule.target == "owner" and rule.owner_id is not None:
            return Choice(rule.owner_id, rule.owner_kind or "user", "rule", rule)
        people = sorted(members(str(rule.group_id)))
        picked = least_loaded(people, load(people), rule.cursor)
        if picked is None:
            continue
        user, rule.cursor = picked
        return Choice(UUID(user), "user", "round_robin", rule)
    return None


@dataclass(frozen=True)
class TicketSettings:
    """What administrators set: the owner of tickets no rule matched, the reopen window."""

    fallback_owner_id: UUID | None = None
    fallback_owner_kind: str | None = None
    reopen_window_days: float | None = None

    @classmethod
    def of(cls, stored: Any) -> TicketSettings:
        found = stored or {}
        owner = found.get("fallback_owner_id")
        window = found.get("reopen_window_days")
        return cls(
            UUID(owner) if owner else None,
            found.get("fallback_owner_kind") if owner else None,
            float(window) if window is not None else None,
        )

    def as_setting(self) -> dict[str, Any]:
        owner = self.fallback_owner_id
        return {
            "fallback_owner_id": str(owner) if owner else None,
            "fallback_owner_kind": self.fallback_owner_kind if owner else None,
            "reopen_window_days": self.reopen_window_days,
        }
