"""The settings and clock contract, feedback and statistics use cases read (one dependency,
``contract_rules``, so tests can fix "now")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from crm_chassis.db import utcnow


@dataclass(frozen=True)
class ContractRules:
    day_minutes: int = 480
    review_lead_days: int = 14
    now_fn: Callable[[], datetime] = utcnow

    def now(self) -> datetime:
        return self.now_fn()
