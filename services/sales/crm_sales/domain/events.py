"""Domain events, past tense; events/outgoing.py turns them into versioned integration events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class LeadCreated:
    lead: Any
    origin: str


@dataclass(frozen=True)
class LeadAssigned:
    lead_id: UUID
    owner_id: UUID | None
    previous_owner_id: UUID | None
    reason: str
    rule_id: UUID | None
    by: str
    at: datetime


@dataclass(frozen=True)
class LeadStale:
    lead_id: UUID
    owner_id: UUID | None
    last_touched_at: datetime
    at: datetime


@dataclass(frozen=True)
class LeadConverted:
    lead: Any
    opportunity_id: UUID | None
    account_id: UUID
    contact_id: UUID
    existing_account_id: UUID | None
    account: dict[str, Any]
    contact: dict[str, Any]
    opportunity: dict[str, Any]
    owner_id: UUID | None
    by: str
    at: datetime


@dataclass(frozen=True)
class OpportunityCreated:
    opportunity: Any


@dataclass(frozen=True)
class OpportunityStageChanged:
    opportunity: Any
    previous_stage: str
    by: str
    at: datetime


@dataclass(frozen=True)
class OpportunityWon:
    opportunity: Any
    by: str
    at: datetime


@dataclass(frozen=True)
class OpportunityLost:
    opportunity: Any
    by: str
    at: datetime


@dataclass(frozen=True)
class QuoteApproved:
    quote: Any


@dataclass(frozen=True)
class OrderCreated:
    order: Any
    quote: Any = field(default=None)
