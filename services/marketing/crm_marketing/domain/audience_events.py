"""Domain events of the audience part (``events/audience_outgoing.py`` publishes them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True)
class RecipientUnsubscribed:
    """An address unsubscribed (recorded once): contacts and sales set the record's opt-out."""

    address: str
    mailing_id: UUID | None
    contact_id: UUID | None
    lead_id: UUID | None
    at: datetime
