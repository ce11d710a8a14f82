"""Deletion requests: deleting a record others refer to waits for a manager's decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from crm_contacts.domain.errors import DeletionRequestDecided

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


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
        """Approve or reject once; a decided request is a conflict."""
        if self.status != PENDING:
            raise DeletionRequestDecided(self.id, self.status)
        self.status = APPROVED if approve else REJECTED
        self.decided_by, self.decided_at, self.decision_note = by, now, note
