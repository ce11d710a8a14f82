"""What the consumer's connection thread does with a message once its handlers ran."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from crm_chassis.events.envelope import ATTEMPT_HEADER
from crm_chassis.events.topology import events_queue, parking_queue, retry_queue
from crm_chassis.logging import get_logger
from crm_chassis.ops import metrics

log = get_logger("crm_chassis.events.consumer")


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


def destination(
    service: str, retry_delays: Sequence[float], outcome: Outcome, properties: Any
) -> tuple[str, dict[str, Any]]:
    """The queue a failed message goes to next (its retry tier, or parking) and its headers."""
    if outcome.action == "retry" and outcome.attempt <= len(retry_delays):
        delay = retry_delays[outcome.attempt - 1]
        log.warning(
            "event.retry_scheduled",
            event_id=properties.message_id,
            attempt=outcome.attempt,
            delay=delay,
            error=outcome.error_type,
        )
        metrics.series().retries.labels(events_queue(service)).inc()
        return retry_queue(service, delay), {
            ATTEMPT_HEADER: outcome.attempt + 1,
            "x-last-error": outcome.error,
            "x-last-error-type": outcome.error_type,
        }
    log.error(
        "event.parked",
        event_id=properties.message_id,
        attempt=outcome.attempt,
        error=outcome.error_type,
    )
    metrics.series().parked.labels(events_queue(service)).inc()
    return parking_queue(service), {
        ATTEMPT_HEADER: outcome.attempt,
        "x-error": outcome.error,
        "x-error-type": outcome.error_type,
        "x-parked-at": datetime.now(UTC).isoformat(),
        "x-parked-by": service,
        "x-last-error": None,
        "x-last-error-type": None,
    }
