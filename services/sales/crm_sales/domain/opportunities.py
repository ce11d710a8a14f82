"""The opportunity aggregate: a deal in the pipeline, its stage history and outcome."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import VersionMismatch, invalid
from crm_chassis.fields import Checker, text
from crm_chassis.states import StateMachine
from crm_sales.domain import events
from crm_sales.domain.picklists import (
    CLOSED_LOST,
    CLOSED_WON,
    LEAD_SOURCES,
    OPPORTUNITY_TYPES,
    SALES_STAGES,
)
from crm_sales.domain.pricing import Number

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


@dataclass(frozen=True)
class OpportunityFields:
    """An opportunity's fields as a caller gives them (checked by :func:`check_opportunity`)."""

    name: str | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    amount: Number | None = None
    currency: str | None = None
    expected_close_date: date | None = None
    sales_stage: str | None = None
    probability: int | None = None
    opportunity_type: str | None = None
    next_step: str | None = None
    lead_source: str | None = None
    campaign_id: UUID | None = None
    lead_id: UUID | None = None
    lost_reason: str | None = None
    description: str | None = None
    owner_id: UUID | None = None


OPPORTUNITY_FIELDS = frozenset(f.name for f in fields(OpportunityFields))


def default_probability(stage: str) -> int:
    return SALES_STAGES[stage]


OPEN_STAGES = tuple(s for s in SALES_STAGES if s not in (CLOSED_WON, CLOSED_LOST))

#: The opportunity's stage machine: open stages move freely among themselves (a deal can go
#: back a step) and close as won or lost; closed is final, left only by ``reopen`` with a
#: reason (recorded in the stage history).
OPPORTUNITY_STAGE = StateMachine(
    name="opportunity",
    field_name="sales_stage",
    initial="Prospecting",
    transitions={
        **{s: frozenset(SALES_STAGES) - {s} for s in OPEN_STAGES},
        CLOSED_WON: frozenset(),
        CLOSED_LOST: frozenset(),
    },
    reopen={CLOSED_WON: frozenset(OPEN_STAGES), CLOSED_LOST: frozenset(OPEN_STAGES)},
)
#: A closed deal's probability is fixed by its outcome.
CLOSED_PROBABILITY = {CLOSED_WON: 100, CLOSED_LOST: 0}


def probability_for(stage: str, given: int | None) -> int:
    """The probability a deal in ``stage`` has: fixed when closed, else given or the default."""
    fixed = CLOSED_PROBABILITY.get(stage)
    if fixed is not None and given is not None and given != fixed:
        raise invalid("probability", f"is {fixed} for a deal in '{stage}'")
    if fixed is not None:
        return fixed
    return default_probability(stage) if given is None else given


@dataclass(frozen=True)
class StageChange:
    from_stage: str | None
    to_stage: str
    amount: Decimal | None
    probability: int
    by: str
    at: datetime
    reason: str | None = None


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
        cls, *, id: UUID, owner_id: UUID | None, now: datetime, by: str, fields: OpportunityFields
    ) -> Opportunity:
        """Create an opportunity; the stage's default probability unless one is given."""
        f = check_opportunity(fields, OPPORTUNITY_FIELDS)
        if not f.name:
            raise invalid("name", "is required")
        stage = f.sales_stage or "Prospecting"
        opp = cls(
            id=id,
            name=f.name,
            created_at=now,
            updated_at=now,
            owner_id=owner_id,
            account_id=f.account_id,
            contact_id=f.contact_id,
            amount=_amount(f),
            currency=f.currency or "EUR",
            expected_close_date=f.expected_close_date,
            sales_stage=stage,
            probability=probability_for(stage, f.probability),
            opportunity_type=f.opportunity_type,
            next_step=f.next_step,
            lead_source=f.lead_source,
            campaign_id=f.campaign_id,
            lead_id=f.lead_id,
            lost_reason=f.lost_reason,
            description=f.description,
        )
        if opp.is_closed:
            opp.closed_at = now
        opp.history.append(StageChange(None, stage, opp.amount, opp.probability, by, now))
        opp.events.append(events.OpportunityCreated(opportunity=opp.snapshot()))
        opp._record_outcome(by, now)
        return opp

    def update(
        self,
        fields: OpportunityFields,
        sent: Collection[str],
        *,
        now: datetime,
        by: str,
        expected_version: int | None,
    ) -> list[str]:
        """Change the ``sent`` fields; a stage change records history and its events."""
        if expected_version is not None and expected_version != self.version:
            raise VersionMismatch(expected_version, self.version)
        names = {n for n in sent if n in OPPORTUNITY_FIELDS}
        given = check_opportunity(fields, names)
        if "name" in names and not given.name:
            raise invalid("name", "is required")
        previous = self.sales_stage
        stage = (given.sales_stage if "sales_stage" in names else None) or previous
        if stage != previous:
            OPPORTUNITY_STAGE.check(previous, stage)
        probability = given.probability if "probability" in names else None
        if stage != previous or probability is not None or stage in CLOSED_PROBABILITY:
            probability = probability_for(stage, probability)
        wanted = replace(given, sales_stage=stage, probability=probability, amount=_amount(given))
        names = (names - {"probability"}) | {"sales_stage"}
        if probability is not None:
            names.add("probability")
        changed = [n for n in sorted(names) if getattr(self, n) != getattr(wanted, n)]
        for name in changed:
            setattr(self, name, getattr(wanted, name))
        if not changed:
            return []
        self.updated_at = now
        self.version += 1
        if self.sales_stage != previous:
            self._stage_changed(previous, by, now)
        return changed

    def reopen(
        self, stage: str, *, reason: str | None, now: datetime, by: str, expected: int | None
    ) -> None:
        """Take a closed deal back into the pipeline: an explicit action with a reason."""
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)
        OPPORTUNITY_STAGE.check_reopen(self.sales_stage, stage, reason)
        previous = self.sales_stage
        self.sales_stage, self.probability = stage, default_probability(stage)
        self.updated_at, self.version = now, self.version + 1
        self._stage_changed(previous, by, now, reason=text(reason))

    def _stage_changed(
        self, previous: str, by: str, now: datetime, *, reason: str | None = None
    ) -> None:
        self.closed_at = now if self.is_closed else None
        self.history.append(
            StageChange(previous, self.sales_stage, self.amount, self.probability, by, now, reason)
        )
        self.events.append(
            events.OpportunityStageChanged(
                opportunity=self.snapshot(), previous_stage=previous, by=by, at=now
            )
        )
        self._record_outcome(by, now)

    def _record_outcome(self, by: str, now: datetime) -> None:
        if self.sales_stage == CLOSED_WON:
            self.events.append(events.OpportunityWon(opportunity=self.snapshot(), by=by, at=now))
        elif self.sales_stage == CLOSED_LOST:
            self.events.append(events.OpportunityLost(opportunity=self.snapshot(), by=by, at=now))


def _amount(f: OpportunityFields) -> Decimal | None:
    """The amount :func:`check_opportunity` made a Decimal."""
    return f.amount if isinstance(f.amount, Decimal) else None


def check_opportunity(given: OpportunityFields, names: Collection[str]) -> OpportunityFields:
    """Check and normalise the ``names`` fields; raise InvalidFields naming every bad one."""
    check = Checker()
    texts = {k: text(getattr(given, k)) for k in TEXT_FIELDS}
    if "currency" in names:
        texts["currency"] = check.currency("currency", texts["currency"] or "EUR")
    stage = texts["sales_stage"]
    if stage is not None and stage not in SALES_STAGES:
        check.add("sales_stage", f"must be one of: {', '.join(SALES_STAGES)}")
    check.pick("opportunity_type", texts["opportunity_type"], OPPORTUNITY_TYPES)
    check.pick("lead_source", texts["lead_source"], LEAD_SOURCES)
    amount = check.decimal("amount", given.amount, minimum=Decimal(0))
    p = given.probability
    if p is not None and (isinstance(p, bool) or not isinstance(p, int) or not 0 <= p <= 100):
        check.add("probability", "must be a whole number 0..100")
    check.raise_if_any()
    return replace(given, **texts, amount=amount)
