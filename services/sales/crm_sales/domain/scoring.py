"""Lead scoring: configurable rules, each adding (or taking) points when its condition holds.

Examples: +20 when industry equals Technology, +10 when annual_revenue greater_than 1000000,
-50 when email domain_in gmail.com,yahoo.com (free-mail).

A lead's score is the sum of its breakdown: one part per active rule it matches
(``{rule_id, name, points}``). Every change of the rules bumps the scoring version (the
setting ``scoring_version``); a lead remembers the version it was scored with, and the
worker rescores, in batches, the leads scored with an older one (case 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields
from crm_chassis.fields import to_decimal
from crm_sales.domain.websites import web_domain

OPERATORS = ("equals", "not_equals", "contains", "greater_than", "less_than", "domain_in", "is_set")
FIELDS = (
    "industry",
    "annual_revenue",
    "employees",
    "lead_source",
    "lead_status",
    "rating",
    "email",
    "website",
    "company",
    "title",
    "product_interest",
    "country",
    "state",
)


@dataclass(frozen=True)
class ScoringRule:
    id: UUID
    field: str
    operator: str
    value: str
    points: int
    active: bool = True
    name: str | None = None


def check_rule(rule: ScoringRule) -> None:
    """A rule names a lead field and an operator; comparisons need a number."""
    errors = []
    if rule.field not in FIELDS:
        errors.append(FieldError("field", f"must be one of: {', '.join(FIELDS)}"))
    if rule.operator not in OPERATORS:
        errors.append(FieldError("operator", f"must be one of: {', '.join(OPERATORS)}"))
    if rule.operator in ("greater_than", "less_than") and to_decimal(rule.value) is None:
        errors.append(FieldError("value", "must be a number for this operator"))
    if errors:
        raise InvalidFields(errors)


def _value(lead: Any, name: str) -> Any:
    if name in ("country", "state"):
        return getattr(lead.address, name, None) if lead.address else None
    return getattr(lead, name, None)


def matches(rule: ScoringRule, lead: Any) -> bool:
    value = _value(lead, rule.field)
    wanted = rule.value
    match rule.operator:
        case "is_set":
            return value not in (None, "")
        case "equals":
            return value is not None and str(value).lower() == wanted.lower()
        case "not_equals":
            return value is None or str(value).lower() != wanted.lower()
        case "contains":
            return value is not None and wanted.lower() in str(value).lower()
        case "greater_than" | "less_than":
            number, limit = to_decimal(value), to_decimal(wanted)
            if number is None or limit is None:
                return False
            return number > limit if rule.operator == "greater_than" else number < limit
        case "domain_in":
            domain = web_domain(None, value) if rule.field == "email" else web_domain(value)
            listed = {d.strip().lower() for d in wanted.split(",") if d.strip()}
            return domain is not None and domain in listed
    return False


def score(lead: Any, rules: list[ScoringRule]) -> int:
    """Sum of the points of every active rule the lead matches."""
    return sum(r.points for r in rules if r.active and matches(r, lead))


#: The counter (table ``counters``) of changes of the scoring rules (absent: 0).
VERSION_SETTING = "scoring-rules"
#: One part of a score's breakdown: ``{"rule_id": str, "name": str, "points": int}``.
ScorePart = dict[str, Any]


def describe(rule: ScoringRule) -> str:
    """The rule's name, else what it tests (``industry equals Technology``)."""
    return rule.name or " ".join(p for p in (rule.field, rule.operator, rule.value) if p)


def breakdown(lead: Any, rules: Sequence[ScoringRule]) -> tuple[ScorePart, ...]:
    """Which active rule adds how many points to ``lead`` (in the rules' order)."""
    return tuple(
        {"rule_id": str(r.id), "name": describe(r), "points": r.points}
        for r in rules
        if r.active and matches(r, lead)
    )


def total(parts: Sequence[ScorePart]) -> int:
    return sum(int(p["points"]) for p in parts)
