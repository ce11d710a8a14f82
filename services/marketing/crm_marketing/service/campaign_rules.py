"""The clock campaign use cases read (one dependency, ``campaign_rules``, so tests can fix
"now")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from crm_chassis.db import utcnow


@dataclass(frozen=True)
class CampaignRules:
    now_fn: Callable[[], datetime] = utcnow

    def now(self) -> datetime:
        return self.now_fn()
