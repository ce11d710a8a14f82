"""Account lockout with back-off: after N failed sign-ins the account locks, each lock longer.

Keyed by the (casefolded) e-mail, not the user row, so an unknown address locks exactly as a
real one does and the answers never tell which addresses exist.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    base_seconds: int = 30
    max_seconds: int = 3600

    def duration(self, level: int) -> timedelta:
        """The lock after the ``level``-th lockout in a row (0-based): base x 2^level."""
        return timedelta(seconds=min(self.base_seconds * 2**level, self.max_seconds))


@dataclass
class Lockout:
    key: str
    failures: int = 0
    level: int = 0
    locked_until: datetime | None = None

    def retry_after(self, now: datetime) -> int | None:
        """Seconds until the lock ends, or None when not locked."""
        if self.locked_until is None or self.locked_until <= now:
            return None
        return max(1, math.ceil((self.locked_until - now).total_seconds()))

    def fail(self, now: datetime, policy: LockoutPolicy) -> bool:
        """Count a failure; return True when it locks the account."""
        self.failures += 1
        if self.failures < policy.max_failures:
            return False
        self.locked_until = now + policy.duration(self.level)
        self.level += 1
        self.failures = 0
        return True

    def succeed(self) -> None:
        self.failures = 0
        self.level = 0
        self.locked_until = None
