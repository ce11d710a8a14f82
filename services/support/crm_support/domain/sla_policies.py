"""SLA policies (administrators edit them): targets in business minutes on a calendar.

A ticket gets the policy its account's service contract grants, when it has one, else the
policy of its priority (docs/domain.md, "SLAs"). A policy with no priority is only reached
through contracts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_chassis.errors import VersionMismatch
from crm_chassis.fields import Checker
from crm_support.domain.picklists import TICKET_PRIORITIES

#: The three clocks of a ticket, in the order the API shows them.
TARGETS = ("first_response", "next_response", "resolution")
FIELDS = (
    "name",
    "priority",
    "calendar_id",
    "first_response_minutes",
    "next_response_minutes",
    "resolution_minutes",
)
#: A target beyond a year of business minutes is a typing error, not a service level.
MAX_MINUTES = 366 * 24 * 60


@dataclass(frozen=True)
class PolicyFields:
    name: str | None = None
    priority: str | None = None
    calendar_id: UUID | None = None
    first_response_minutes: int | None = None
    next_response_minutes: int | None = None
    resolution_minutes: int | None = None


@dataclass
class SlaPolicy:
    id: UUID
    name: str
    priority: str | None
    calendar_id: UUID
    first_response_minutes: int | None
    next_response_minutes: int | None
    resolution_minutes: int | None
    created_at: datetime
    updated_at: datetime
    version: int = 1
    events: list[Any] = field(default_factory=list)

    @classmethod
    def create(cls, *, id: UUID, fields: PolicyFields, now: datetime) -> SlaPolicy:
        checked = _checked(fields, set(FIELDS))
        return cls(id=id, created_at=now, updated_at=now, **checked)

    def update(
        self,
        fields: PolicyFields,
        sent: set[str],
        *,
        now: datetime,
        expected_version: int | None = None,
    ) -> None:
        if expected_version is not None and expected_version != self.version:
            raise VersionMismatch(expected_version, self.version)
        for name, value in _checked(fields, sent).items():
            setattr(self, name, value)
        self.updated_at = now
        self.version += 1

    def minutes(self, target: str) -> int | None:
        """The target's business minutes (None: the policy sets no such target)."""
        value: int | None = getattr(self, f"{target}_minutes")
        return value


def _checked(fields: PolicyFields, sent: set[str]) -> dict[str, Any]:
    check = Checker()
    out: dict[str, Any] = {}
    if "name" in sent:
        out["name"] = check.text("name", fields.name, required=True, max_length=200)
    if "priority" in sent:
        out["priority"] = check.pick("priority", fields.priority, TICKET_PRIORITIES)
    if "calendar_id" in sent:
        out["calendar_id"] = check.required("calendar_id", fields.calendar_id)
    for target in TARGETS:
        name = f"{target}_minutes"
        if name in sent:
            value = check.integer(name, getattr(fields, name), minimum=1)
            if value is not None and value > MAX_MINUTES:
                check.add(name, f"must be at most {MAX_MINUTES}")
                value = None
            out[name] = value
    check.raise_if_any()
    return out
