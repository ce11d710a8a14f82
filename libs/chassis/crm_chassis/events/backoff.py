"""Exponential back-off with jitter: how long the relay and the consumer wait to reconnect."""

from __future__ import annotations

import random


class Backoff:
    """Exponential back-off with jitter, capped; reset after a success."""

    def __init__(self, initial: float = 0.5, maximum: float = 30.0) -> None:
        self.initial = initial
        self.maximum = maximum
        self._next = initial

    def next_delay(self) -> float:
        delay = self._next
        self._next = min(self._next * 2, self.maximum)
        # Jitter: workers that lost the broker together do not all come back at once.
        return delay * random.uniform(0.8, 1.2)

    def reset(self) -> None:
        self._next = self.initial
