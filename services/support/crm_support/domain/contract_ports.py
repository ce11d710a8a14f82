"""Ports of service contracts, feedback and statistics (implemented in ``adapters/`` or by
service modules over another helper's code)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class ClosingFigures:
    """A closed ticket's times in business minutes and its SLA outcome."""

    first_response_minutes: int | None
    resolution_minutes: int
    sla_breached: bool | None  # None: the ticket had no SLA targets


class SlaFacts(Protocol):
    """What h/sla knows of a closed ticket, on the calendar of its SLA policy (wall-clock
    minutes without one), read once per ticket."""

    def figures(
        self,
        ticket_id: UUID,
        created_at: datetime,
        first_response_at: datetime | None,
        closed_at: datetime,
    ) -> ClosingFigures: ...
