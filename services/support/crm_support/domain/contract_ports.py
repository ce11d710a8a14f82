"""Ports of service contracts, feedback and statistics (implemented in ``adapters/``)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID


class SlaFacts(Protocol):
    """What h/sla knows of a ticket: business minutes between two moments on the calendar
    that applies to it (its SLA policy's), and whether it missed a target."""

    def minutes_between(self, ticket_id: UUID, start: datetime, end: datetime) -> int: ...

    def breached(self, ticket_id: UUID) -> bool | None:
        """True when the ticket missed any SLA target; None when it had none."""
        ...
