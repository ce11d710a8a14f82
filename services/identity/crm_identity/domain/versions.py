"""Optimistic concurrency shared by identity's aggregates: a version and If-Match."""

from __future__ import annotations

from datetime import datetime

from crm_chassis.errors import PreconditionFailed, VersionMismatch


class Versioned:
    """An aggregate whose every change bumps ``version`` (its ETag) and ``updated_at``."""

    version: int
    updated_at: datetime

    def check_version(self, expected: int | None) -> None:
        """Refuse a change made against a version that is no longer current (412)."""
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1


class ChangedMeanwhile(PreconditionFailed):
    """Another transaction saved the record between our read and our write (412)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"The {what} changed meanwhile; reload and retry.")
