"""The service's clock: the one place "now" and "today" come from, fixable for tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from crm_chassis.db import utcnow


@dataclass
class Clock:
    """``fixed_today`` pins the calendar date (demos, tests); ``now`` stays real unless set."""

    fixed_today: date | None = None
    now_fn: Callable[[], datetime] = utcnow

    def now(self) -> datetime:
        return self.now_fn()

    def today(self) -> date:
        return self.fixed_today or self.now().date()
