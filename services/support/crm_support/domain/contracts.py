"""Service contracts: what an account bought (a period, a unit budget, an SLA policy).

The status follows the dates and the usage, never a user's say-so (only ``Cancelled`` is
asked for): :func:`status_for` names where a contract should be, and
:meth:`ServiceContract.follow` moves it there along ``CONTRACT_STATUS``. Usage is not a
counter kept on the contract: it is computed from the account's tickets in the contract
period each time (``Usage``), so a corrected time entry or a re-pointed ticket counts at
once and nothing drifts. ``exhausted`` and ``expired`` are announced once each per contract
(``exhausted_at`` / ``expired_at`` remember it), and the review reminder once per review
date (``review_notified_for``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import Conflict, FieldError, InvalidFields, VersionMismatch
from crm_chassis.fields import Checker, search_text, text
from crm_chassis.states import StateMachine
from crm_support.domain import contract_events as ev

PLANNED = "Planned"
ACTIVE = "Active"
USED_UP = "Used Up"
EXPIRED = "Expired"
CANCELLED = "Cancelled"

#: Dates and usage move a contract; a user only cancels. Used Up goes back to Active when
#: the budget is raised (or a ticket's time is corrected), Active back to Planned when the
#: start date is moved later; Expired and Cancelled are final (a renewal is a new contract).
CONTRACT_STATUS = StateMachine(
    name="service contract",
    initial=PLANNED,
    transitions={
        PLANNED: frozenset({ACTIVE, USED_UP, EXPIRED, CANCELLED}),
        ACTIVE: frozenset({PLANNED, USED_UP, EXPIRED, CANCELLED}),
        USED_UP: frozenset({PLANNED, ACTIVE, EXPIRED, CANCELLED}),
        EXPIRED: frozenset(),
        CANCELLED: frozenset(),
    },
)

TRACKING_UNITS = ("None", "Hours", "Days", "Incidents")
CONTRACT_TYPES = ("Services", "Administrative", "Support", "Maintenance", "Other")
EDITABLE = (
    "subject",
    "contract_type",
    "start_date",
    "end_date",
    "sla_policy_id",
    "tracking_unit",
    "total_units",
    "review_date",
    "owner_id",
    "description",
)
SHORT_TEXT = 255
LONG_TEXT = 32_000
MAX_UNITS = Decimal("1000000000")


class ContractClosed(Conflict):
    """An expired or cancelled contract no longer changes (409)."""

    def __init__(self, status: str) -> None:
        super().__init__(
            f"A service contract in status '{status}' is final and cannot change.",
            extra={"current_status": status, "allowed_next": []},
        )


@dataclass(frozen=True)
class ContractFields:
    """A contract's editable fields, as given (absent ones None) or as checked."""

    subject: str | None = None
    contract_type: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    sla_policy_id: UUID | None = None
    tracking_unit: str | None = None
    total_units: Decimal | None = None
    review_date: date | None = None
    owner_id: UUID | None = None
    description: str | None = None


@dataclass(frozen=True)
class Usage:
    """What the account's tickets in the contract period used: minutes and ticket count."""

    minutes: int = 0
    tickets: int = 0

    def in_units(self, unit: str, day_minutes: int) -> Decimal:
        """The usage in the contract's tracking unit (Hours, Days of ``day_minutes``)."""
        if unit == "Hours":
            return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))
        if unit == "Days":
            return (Decimal(self.minutes) / day_minutes).quantize(Decimal("0.01"))
        if unit == "Incidents":
            return Decimal(self.tickets)
        return Decimal(0)


def status_for(
    *,
    current: str,
    start: date,
    end: date,
    tracked: bool,
    total: Decimal | None,
    used: Decimal,
    today: date,
) -> str:
    """Where the dates and usage put a contract today (a cancelled one stays cancelled)."""
    if current in CONTRACT_STATUS.terminal:
        return current
    if today > end:
        return EXPIRED
    if tracked and total is not None and used >= total:
        return USED_UP
    if today < start:
        return PLANNED
    return ACTIVE


@dataclass
class ServiceContract:
    id: UUID
    number: str
    account_id: UUID
    owner_id: UUID
    subject: str
    start_date: date
    end_date: date
    created_at: datetime
    updated_at: datetime
    created_by: UUID | None = None
    contract_type: str | None = None
    sla_policy_id: UUID | None = None
    tracking_unit: str = "None"
    total_units: Decimal | None = None
    review_date: date | None = None
    description: str | None = None
    status: str = PLANNED
    exhausted_at: datetime | None = None
    expired_at: datetime | None = None
    review_notified_for: date | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        number: str,
        account_id: UUID,
        now: datetime,
        created_by: UUID | None,
        fields: ContractFields,
    ) -> ServiceContract:
        checked = clean_contract(fields)
        assert checked.subject and checked.start_date and checked.end_date and checked.owner_id
        contract = cls(
            id=id,
            number=number,
            account_id=account_id,
            owner_id=checked.owner_id,
            subject=checked.subject,
            start_date=checked.start_date,
            end_date=checked.end_date,
            created_at=now,
            updated_at=now,
            created_by=created_by,
        )
        contract.take_on(checked)
        return contract

    @property
    def tracked(self) -> bool:
        return self.tracking_unit != "None"

    def used(self, usage: Usage, day_minutes: int) -> Decimal:
        return usage.in_units(self.tracking_unit, day_minutes)

    def remaining(self, usage: Usage, day_minutes: int) -> Decimal | None:
        """Units left (never below zero); None when the contract does not track units."""
        if not self.tracked or self.total_units is None:
            return None
        return max(Decimal(0), self.total_units - self.used(usage, day_minutes))

    def update(
        self,
        changes: ContractFields,
        sent: Collection[str],
        *,
        now: datetime,
        expected_version: int | None,
    ) -> tuple[str, ...]:
        """Change the ``sent`` fields (412 when the version moved on; 409 when final)."""
        if expected_version is not None and expected_version != self.version:
            raise VersionMismatch(expected_version, self.version)
        unknown = set(sent) - set(EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        if sent and self.status in CONTRACT_STATUS.terminal:
            raise ContractClosed(self.status)
        current = ContractFields(**{f: getattr(self, f) for f in EDITABLE})
        merged = dataclasses.replace(current, **{n: getattr(changes, n) for n in sent})
        changed = self.take_on(clean_contract(merged))
        if changed:
            self._touch(now)
        return changed

    def take_on(self, checked: ContractFields) -> tuple[str, ...]:
        """Set checked fields; return the names of those that changed."""
        changed = tuple(n for n in EDITABLE if getattr(self, n) != getattr(checked, n))
        for name in changed:
            setattr(self, name, getattr(checked, name))
        return changed

    def cancel(self, *, now: datetime) -> None:
        """A user ends the contract early (final)."""
        CONTRACT_STATUS.check(self.status, CANCELLED)
        self.status = CANCELLED
        self._touch(now)

    def follow(self, usage: Usage, *, now: datetime, day_minutes: int) -> bool:
        """Move to the status the dates and usage call for; announce exhaustion and expiry
        once each. Return whether anything changed."""
        target = status_for(
            current=self.status,
            start=self.start_date,
            end=self.end_date,
            tracked=self.tracked,
            total=self.total_units,
            used=self.used(usage, day_minutes),
            today=now.date(),
        )
        if target == self.status:
            return False
        CONTRACT_STATUS.check(self.status, target)
        self.status = target
        if target == USED_UP and self.exhausted_at is None:
            self.exhausted_at = now
            used = self.used(usage, day_minutes)
            self.events.append(ev.ContractExhausted(contract=self, used=used))
        if target == EXPIRED and self.expired_at is None:
            self.expired_at = now
            self.events.append(ev.ContractExpired(contract=self))
        self._touch(now)
        return True

    def review_due(self, *, now: datetime, lead_days: int) -> bool:
        """Ask the owner for a review ``lead_days`` before the review date, once per date."""
        if self.review_date is None or self.status in CONTRACT_STATUS.terminal:
            return False
        if self.review_notified_for == self.review_date:
            return False
        if now.date() < self.review_date - timedelta(days=lead_days):
            return False
        self.review_notified_for = self.review_date
        self.events.append(ev.ContractReviewDue(contract=self))
        self._touch(now)
        return True

    def _touch(self, now: datetime) -> None:
        self.version += 1
        self.updated_at = now

    @property
    def search_text(self) -> str:
        return search_text(self.number, self.subject)


def clean_contract(fields: ContractFields) -> ContractFields:
    """Check a contract's fields (422 naming every bad one); texts trimmed, blanks None."""
    check = Checker()
    subject = text(fields.subject, None)
    if not subject:
        check.add("subject", "is required")
    elif len(subject) > SHORT_TEXT:
        check.add("subject", f"is at most {SHORT_TEXT} characters")
    description = check.text("description", fields.description, max_length=LONG_TEXT)
    check.pick("contract_type", text(fields.contract_type), CONTRACT_TYPES)
    unit = text(fields.tracking_unit) or "None"
    check.pick("tracking_unit", unit, TRACKING_UNITS)
    for name in ("start_date", "end_date", "owner_id"):
        check.required(name, getattr(fields, name))
    if fields.start_date and fields.end_date and fields.end_date < fields.start_date:
        check.add("end_date", "must not be before start_date")
    total = check.decimal("total_units", fields.total_units, positive=True, maximum=MAX_UNITS)
    if unit != "None" and fields.total_units is None:
        check.add("total_units", f"is required when tracking_unit is {unit}")
    if unit == "None" and fields.total_units is not None:
        check.add("total_units", "must be empty when tracking_unit is None")
    if unit == "Incidents" and total is not None and total != total.to_integral_value():
        check.add("total_units", "must be a whole number of incidents")
    check.raise_if_any()
    return dataclasses.replace(
        fields,
        subject=subject,
        description=description,
        contract_type=text(fields.contract_type),
        tracking_unit=unit,
        total_units=total,
    )


def format_contract_number(year: int, n: int) -> str:
    """``SC-2026-000001``: gap-free per year, like the suite's other document numbers."""
    return f"SC-{year}-{n:06d}"
