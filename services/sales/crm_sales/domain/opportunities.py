"""The opportunity aggregate: a deal in the pipeline, its stage history and outcome."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import VersionMismatch, invalid
from crm_chassis.fields import Checker, text
from crm_sales.domain import events
from crm_sales.domain.picklists import (
    CLOSED_LOST,
    CLOSED_WON,
    LEAD_SOURCES,
    OPPORTUNITY_TYPES,
    SALES_STAGES,
)

TEXT_FIELDS = (
    "name",
    "currency",
    "sales_stage",
    "opportunity_type",
    "next_step",
    "lead_source",
    "lost_reason",
    "description",
)
EDITABLE = (
    *TEXT_FIELDS,
    "account_id",
    "contact_id",
    "amount",
    "expected_close_date",
    "probability",
    "campaign_id",
    "owner_id",
)


def default_probability(stage: str) -> int:
    return SALES_STAGES[stage]


@dataclass(frozen=True)
class StageChange:
    from_stage: str | None
    to_stage: str
    amount: Decimal | None
    probability: int
    by: str
    at: datetime


@dataclass
class Opportunity:
    id: UUID
    name: str
    created_at: datetime
    updated_at: datetime
    owner_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    amount: Decimal | None = None
    currency: str = "EUR"
    expected_close_date: date | None = None
    sales_stage: str = "Prospecting"
    probability: int = 10
    opportunity_type: str | None = None
    next_step: str | None = None
    lead_source: str | None = None
    campaign_id: UUID | None = None
    lead_id: UUID | None = None
    lost_reason: str | None = None
    description: str | None = None
    closed_at: datetime | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)
    history: list[StageChange] = field(default_factory=list, compare=False, repr=False)

    @property
    def is_closed(self) -> bool:
        return self.sales_stage in (CLOSED_WON, CLOSED_LOST)

    @property
    def search_text(self) -> str:
        return (self.name or "").lower()

    def snapshot(self) -> Opportunity:
        return replace(self, events=[], history=[])

    @classmethod
    def open(
        cls, *, id: UUID, owner_id: UUID | None, now: datetime, by: str, fields: dict[str, Any]
    ) -> Opportunity:
        """Create an opportunity; the stage's default probability unless one is given."""
        values = clean(fields)
        if not values.get("name"):
            raise invalid("name", "is required")
        stage = values.get("sales_stage") or "Prospecting"
        values["sales_stage"] = stage
        values.setdefault("probability", None)
        if values["probability"] is None:
            values["probability"] = default_probability(stage)
        opp = cls(id=id, owner_id=owner_id, created_at=now, updated_at=now, **values)
        if opp.is_closed:
            opp.closed_at = now
        opp.history.append(StageChange(None, stage, opp.amount, opp.probability, by, now))
        opp.events.append(events.OpportunityCreated(opportunity=opp.snapshot()))
        opp._record_outcome(by, now)
        return opp

    def update(
        self, changes: dict[str, Any], *, now: datetime, by: str, expected_version: int | None
    ) -> list[str]:
        """Apply a partial update; a stage change records history and its events."""
        if expected_version is not None and expected_version != self.version:
            raise VersionMismatch(expected_version, self.version)
        values = clean({k: v for k, v in changes.items() if k != "owner_id"})
        if "name" in values and not values["name"]:
            raise invalid("name", "is required")
        previous = self.sales_stage
        new_stage = values.get("sales_stage") or previous
        if new_stage != previous and values.get("probability") is None:
            values["probability"] = default_probability(new_stage)
        values["sales_stage"] = new_stage
        if "probability" in values and values["probability"] is None:
            values.pop("probability")
        changed = [k for k, v in values.items() if getattr(self, k) != v]
        for k in changed:
            setattr(self, k, values[k])
        if not changed:
            return []
        self.updated_at = now
        self.version += 1
        if self.sales_stage != previous:
            self.closed_at = now if self.is_closed else None
            self.history.append(
                StageChange(previous, self.sales_stage, self.amount, self.probability, by, now)
            )
            self.events.append(
                events.OpportunityStageChanged(
                    opportunity=self.snapshot(), previous_stage=previous, by=by, at=now
                )
            )
            self._record_outcome(by, now)
        return changed

    def _record_outcome(self, by: str, now: datetime) -> None:
        if self.sales_stage == CLOSED_WON:
            self.events.append(events.OpportunityWon(opportunity=self.snapshot(), by=by, at=now))
        elif self.sales_stage == CLOSED_LOST:
            self.events.append(events.OpportunityLost(opportunity=self.snapshot(), by=by, at=now))


def clean(fields: dict[str, Any]) -> dict[str, Any]:
    check = Checker()
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if name in fields:
            values[name] = text(fields[name])
    if "currency" in values:
        values["currency"] = values["currency"] or "EUR"
    if values.get("currency") is not None:
        values["currency"] = check.currency("currency", values["currency"])
    if values.get("sales_stage") is not None and values["sales_stage"] not in SALES_STAGES:
        check.add("sales_stage", f"must be one of: {', '.join(SALES_STAGES)}")
    check.pick("opportunity_type", values.get("opportunity_type"), OPPORTUNITY_TYPES)
    check.pick("lead_source", values.get("lead_source"), LEAD_SOURCES)
    if "amount" in fields:
        values["amount"] = check.decimal("amount", fields["amount"], minimum=Decimal(0))
    if "probability" in fields:
        p = fields["probability"]
        if p is not None and (not isinstance(p, int) or not 0 <= p <= 100):
            check.add("probability", "must be a whole number 0..100")
        values["probability"] = p
    if "expected_close_date" in fields:
        values["expected_close_date"] = check.date(
            "expected_close_date", fields["expected_close_date"]
        )
    for name in ("account_id", "contact_id", "campaign_id", "lead_id"):
        if name in fields:
            values[name] = fields[name]
    check.raise_if_any()
    return values
