"""Deletion requests: deleting a record others refer to waits for a manager's decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from crm_chassis.states import StateMachine

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"

#: A request is decided once: approved (the record is deleted) or rejected, both final.
DELETION_REQUEST_STATUS = StateMachine(
    "deletion request",
    transitions={
        PENDING: frozenset({APPROVED, REJECTED}),
        APPROVED: frozenset(),
        REJECTED: frozenset(),
    },
    initial=PENDING,
)


@dataclass
class DeletionRequest:
    id: UUID
    record_type: str  # "account" | "contact"
    record_id: UUID
    record_owner_id: UUID
    requested_by: str
    requested_at: datetime
    references: dict[str, int] = field(default_factory=dict)
    reason: str | None = None
    status: str = PENDING
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None

    def decide(self, *, approve: bool, by: str, now: datetime, note: str | None) -> None:
        """Approve or reject once; a decided request is a conflict (409 naming its status)."""
        target = APPROVED if approve else REJECTED
        DELETION_REQUEST_STATUS.check(self.status, target)
        self.status = target
        self.decided_by, self.decided_at, self.decision_note = by, now, note
