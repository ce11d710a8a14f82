"""The SlaFacts port before h/sla's calendars are wired: every minute is a business minute
and no ticket has targets. Replaced in ``bootstrap`` by the calendar-backed adapter."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID


class WallClockSla:
    def minutes_between(self, ticket_id: UUID, start: datetime, end: datetime) -> int:
        return max(0, int((end - start).total_seconds() // 60))

    def breached(self, ticket_id: UUID) -> bool | None:
        return None
