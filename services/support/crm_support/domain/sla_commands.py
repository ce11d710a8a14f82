"""Commands of SLAs (calendars, policies, the scheduled check); see ``commands.py``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from crm_chassis.usecases import Command
from crm_support.domain.calendars import Calendar, CalendarFields
from crm_support.domain.sla_policies import PolicyFields, SlaPolicy


@dataclass(frozen=True)
class CreateCalendar(Command[Calendar]):
    fields: CalendarFields


@dataclass(frozen=True)
class ChangeCalendar(Command[Calendar]):
    calendar_id: UUID
    fields: CalendarFields
    sent: frozenset[str] = field(default_factory=frozenset)
    expected_version: int | None = None


@dataclass(frozen=True)
class CreateSlaPolicy(Command[SlaPolicy]):
    fields: PolicyFields


@dataclass(frozen=True)
class ChangeSlaPolicy(Command[SlaPolicy]):
    policy_id: UUID
    fields: PolicyFields
    sent: frozenset[str] = field(default_factory=frozenset)
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteCalendar(Command[None]):
    """Delete a calendar no policy uses (409 naming the policies otherwise)."""

    calendar_id: UUID


@dataclass(frozen=True)
class DeleteSlaPolicy(Command[None]):
    """Delete a policy; its open tickets are recomputed (another policy or none)."""

    policy_id: UUID


@dataclass(frozen=True)
class SlaCheckResult:
    recomputed: int
    warnings: int
    breaches: int


@dataclass(frozen=True)
class RunSlaCheck(Command[SlaCheckResult]):
    """Recompute what a calendar or policy change asked for, then warn and breach what is
    due (the worker's timer; tests pass ``now``)."""

    now: datetime | None = None
    #: Warn this many (wall) minutes before a target is due; 0: no warnings.
    warning_minutes: int = 30
    batch: int = 500
