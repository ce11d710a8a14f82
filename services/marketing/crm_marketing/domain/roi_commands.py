"""Commands of the ROI credits, run by the worker's event handlers (h/campaigns).

Kept apart from ``commands.py`` so the marketing helpers merge cleanly. Each records one
fact once: a redelivered or replayed event changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from crm_chassis.usecases import Command


@dataclass(frozen=True)
class CreditLead(Command[bool]):
    """sales.lead.created.v1 for a lead of a campaign."""

    lead_id: UUID
    campaign_id: UUID
    origin: str | None
    at: datetime


@dataclass(frozen=True)
class CreditSubmission(Command[bool]):
    """marketing.lead.captured.v1 of a form that credits a campaign."""

    submission_id: str
    campaign_id: UUID
    form_id: str | None
    at: datetime


@dataclass(frozen=True)
class CreditConversion(Command[bool]):
    """sales.lead.converted.v1 of a lead of a campaign (and the deal it made)."""

    lead_id: UUID
    campaign_id: UUID
    opportunity_id: UUID | None
    amount: Decimal | None
    currency: str | None
    at: datetime


@dataclass(frozen=True)
class CreditOpportunity(Command[bool]):
    """An opportunity snapshot (created, stage changed, won, lost): its campaign (None:
    none any more) and outcome as of ``version``; an older snapshot changes nothing."""

    opportunity_id: UUID
    campaign_id: UUID | None
    outcome: str
    amount: Decimal | None
    currency: str | None
    version: int
    at: datetime
