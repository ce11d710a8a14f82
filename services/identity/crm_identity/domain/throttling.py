"""Sign-in throttling rule: at most N failures per key in a sliding window."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from crm_identity.domain.lockout import LockoutPolicy


@dataclass(frozen=True)
class Limit:
    max_failures: int
    window: timedelta


def retry_after(failures: Sequence[datetime], limit: Limit, now: datetime) -> int | None:
    """Return seconds to wait when ``failures`` (times, any order) reach the limit, else None.

    The caller may try again once enough of the failures have left the window that fewer
    than ``max_failures`` remain in it.
    """
    recent = sorted(t for t in failures if t > now - limit.window)
    if len(recent) < limit.max_failures:
        return None
    # The (len - max + 1)-th oldest failure must age out before one more attempt is allowed.
    pivot = recent[len(recent) - limit.max_failures]
    return max(1, math.ceil((pivot + limit.window - now).total_seconds()))


@dataclass(frozen=True)
class SignInLimits:
    """What sign-in tolerates: per (account, client address) pair a lockout; per account,
    across addresses, a ceiling that only addresses which failed for it must wait out; per
    client address (password sign-ins) a window."""

    window: timedelta
    per_ip: Limit
    lockout: LockoutPolicy
    per_account: Limit = Limit(50, timedelta(seconds=300))
