"""What the consumer's connection thread does with a message once its handlers ran."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crm_chassis.events.envelope import ATTEMPT_HEADER


@dataclass(frozen=True)
class Outcome:
    """What the connection thread does with a message after its handlers ran."""

    action: str  # "ack" | "retry" | "park" | "drop" (stale delivery: do nothing)
    error: str | None = None
    error_type: str | None = None
    attempt: int = 1


def attempt_of(properties: Any) -> int:
    """Return the 1-based attempt number carried in ``x-attempt`` (1 when absent)."""
    headers = getattr(properties, "headers", None) or {}
    try:
        return max(1, int(headers.get(ATTEMPT_HEADER, 1)))
    except (TypeError, ValueError):
        return 1
