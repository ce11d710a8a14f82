"""The statistics facts of a closed ticket: what the reports read instead of its history.

Recorded once per closing (a ticket closed again after a reopen gets its facts replaced),
by the worker, shortly after the close.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True)
class ClosedTicket:
    """A closed ticket as the recorder reads it (h/tickets' row, plus its first staff
    public comment)."""

    id: UUID
    account_id: UUID | None
    contact_id: UUID | None
    owner_id: UUID | None
    owner_kind: str | None
    priority: str | None
    created_at: datetime
    closed_at: datetime
    first_response_at: datetime | None
    score: int | None = None


@dataclass(frozen=True)
class TicketFacts:
    ticket_id: UUID
    account_id: UUID | None
    contact_id: UUID | None
    owner_id: UUID | None
    agent_id: UUID | None
    team_id: UUID | None
    team_kind: str | None
    priority: str | None
    created_at: datetime
    closed_at: datetime
    first_response_minutes: int | None
    resolution_minutes: int
    sla_breached: bool | None
    recorded_at: datetime
    score: int | None = None
