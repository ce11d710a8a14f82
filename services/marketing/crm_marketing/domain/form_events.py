"""Domain events of online lead forms (past tense, frozen; events/outgoing.py publishes them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from crm_marketing.domain.submissions import CapturedLead


@dataclass(frozen=True)
class LeadCaptured:
    """A visitor's submission was accepted: sales makes a lead of it (once per submission)."""

    submission_id: UUID
    form_id: UUID
    campaign_id: UUID | None
    lead_owner_id: UUID | None
    lead_source: str
    lead: CapturedLead
    captured_at: datetime
