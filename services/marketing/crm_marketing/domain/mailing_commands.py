"""Commands of mass mail (h/mailings): one frozen dataclass each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from crm_chassis.usecases import Command
from crm_marketing.domain.mailings import Mailing, MailingFields


@dataclass(frozen=True)
class CreateMailing(Command[Mailing]):
    fields: MailingFields
    owner_id: str | None = None


@dataclass(frozen=True)
class EditMailing(Command[Mailing]):
    mailing_id: UUID
    #: Only the fields the client sent (a Draft's EDITABLE fields).
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SendMailing(Command[Mailing]):
    """Schedule a draft (now or at its scheduled_at), or resume a paused mailing."""

    mailing_id: UUID


@dataclass(frozen=True)
class PauseMailing(Command[Mailing]):
    mailing_id: UUID


@dataclass(frozen=True)
class CancelMailing(Command[Mailing]):
    mailing_id: UUID


@dataclass(frozen=True)
class UnsubscribeByLink(Command[bool]):
    """The public one-click unsubscribe; True when it was recorded now (False: already)."""

    token: str


@dataclass(frozen=True)
class TrackOpen(Command[bool]):
    token: str


@dataclass(frozen=True)
class TrackClick(Command[str]):
    """A click on a tracked link; returns the target to redirect to (only the mailing's
    own links: anything else is refused)."""

    token: str
