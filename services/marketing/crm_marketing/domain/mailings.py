"""A mailing: one template sent to one mailing list or segment, with its rate and tracking.

Its status follows :data:`MAILING_STATUS` (docs/domain.md, "Mailing status"): a draft is
edited freely; ``send`` schedules it (now or at ``scheduled_at``); the worker's send job
moves a due one to Sending, and to Sent once its send list holds no queued row; Paused
stops the job between two messages and ``send`` resumes it; Cancelled is final (rows not
sent yet are skipped).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_chassis.errors import Conflict
from crm_chassis.fields import Checker
from crm_chassis.states import StateMachine

DRAFT, SCHEDULED, SENDING, PAUSED, SENT, CANCELLED = (
    "Draft",
    "Scheduled",
    "Sending",
    "Paused",
    "Sent",
    "Cancelled",
)

MAILING_STATUS = StateMachine(
    name="mailing",
    transitions={
        DRAFT: frozenset({SCHEDULED, CANCELLED}),
        SCHEDULED: frozenset({DRAFT, SENDING, PAUSED, CANCELLED}),
        SENDING: frozenset({PAUSED, SENT, CANCELLED}),
        PAUSED: frozenset({SCHEDULED, CANCELLED}),
        SENT: frozenset(),
        CANCELLED: frozenset(),
    },
    initial=DRAFT,
)

AUDIENCE_KINDS = ("list", "segment")
#: Editable fields of a draft (PATCH); the rest follows the status.
EDITABLE = (
    "name",
    "campaign_id",
    "template_id",
    "audience_kind",
    "audience_id",
    "from_name",
    "from_address",
    "reply_to",
    "scheduled_at",
    "track_opens",
    "track_clicks",
    "batch_size",
    "per_second",
    "per_minute",
    "per_hour",
)


class MailingNotEditable(Conflict):
    """Only a draft's fields change (409 naming the status)."""

    def __init__(self, status: str) -> None:
        super().__init__(
            f"A mailing in status '{status}' cannot be edited (only a Draft can).",
            extra={"current_status": status},
        )


@dataclass(frozen=True)
class MailingFields:
    """What a marketer chooses for a mailing (validated by :func:`check_fields`)."""

    name: str
    template_id: UUID
    audience_kind: str
    audience_id: UUID
    from_address: str
    from_name: str = ""
    reply_to: str | None = None
    campaign_id: UUID | None = None
    scheduled_at: datetime | None = None
    track_opens: bool = True
    track_clicks: bool = True
    #: Rows sent per round of the send job (each row still its own transaction).
    batch_size: int = 500
    #: Pace within a round (None: as fast as the server takes them).
    per_second: float | None = None
    #: Sliding-window caps over the last minute and hour (None: no cap).
    per_minute: int | None = None
    per_hour: int | None = None


def check_fields(f: MailingFields) -> None:
    """422 naming each bad field (bounds the schema cannot say alone)."""
    errors = Checker()
    if not f.name.strip():
        errors.add("name", "must not be blank")
    if f.audience_kind not in AUDIENCE_KINDS:
        errors.add("audience_kind", f"must be one of: {', '.join(AUDIENCE_KINDS)}")
    if "@" not in f.from_address or any(c in f.from_address for c in "\r\n<>, "):
        errors.add("from_address", "must be one e-mail address")
    if f.reply_to is not None and ("@" not in f.reply_to or any(c in f.reply_to for c in "\r\n")):
        errors.add("reply_to", "must be one e-mail address")
    if any(c in f.from_name for c in "\r\n"):
        errors.add("from_name", "must be one line")
    if not 1 <= f.batch_size <= 10_000:
        errors.add("batch_size", "must be between 1 and 10000")
    for name in ("per_second", "per_minute", "per_hour"):
        value = getattr(f, name)
        if value is not None and value <= 0:
            errors.add(name, "must be positive (or null: no limit)")
    errors.raise_if_any()


@dataclass
class Mailing:
    id: UUID
    fields: MailingFields
    owner_id: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    status: str = DRAFT
    version: int = 1
    started_at: datetime | None = None
    finished_at: datetime | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def draft(
        cls, *, id: UUID, fields: MailingFields, by: str, owner_id: str | None, now: datetime
    ) -> Mailing:
        check_fields(fields)
        return cls(id, fields, owner_id or by, by, now, now)

    def edit(self, values: dict[str, Any], now: datetime) -> None:
        """Change a draft's fields (``values`` names only those the client sent)."""
        if self.status != DRAFT:
            raise MailingNotEditable(self.status)
        merged = replace(self.fields, **values)
        check_fields(merged)
        self.fields = merged
        self._touch(now)

    def schedule(self, now: datetime) -> None:
        """Draft or Paused -> Scheduled: the send job picks it up once due."""
        MAILING_STATUS.check(self.status, SCHEDULED)
        self.status = SCHEDULED
        self._touch(now)

    def is_due(self, now: datetime) -> bool:
        at = self.fields.scheduled_at
        return self.status == SCHEDULED and (at is None or at <= now)

    def start(self, now: datetime) -> None:
        MAILING_STATUS.check(self.status, SENDING)
        self.status = SENDING
        self.started_at = self.started_at or now
        self._touch(now)

    def pause(self, now: datetime) -> None:
        MAILING_STATUS.check(self.status, PAUSED)
        self.status = PAUSED
        self._touch(now)

    def cancel(self, now: datetime) -> None:
        MAILING_STATUS.check(self.status, CANCELLED)
        self.status = CANCELLED
        self.finished_at = now
        self._touch(now)

    def finish(self, now: datetime) -> None:
        MAILING_STATUS.check(self.status, SENT)
        self.status = SENT
        self.finished_at = now
        self._touch(now)

    def _touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1
