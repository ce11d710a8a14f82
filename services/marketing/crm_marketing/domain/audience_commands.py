"""Commands of the audience part: templates, mailing lists, segments, consent."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from crm_chassis.usecases import Command
from crm_marketing.domain.consent import MANUAL, Suppression
from crm_marketing.domain.ports import RenderedMail
from crm_marketing.domain.templates import MailTemplate, TemplateFields


@dataclass(frozen=True)
class CreateTemplate(Command[MailTemplate]):
    fields: TemplateFields


@dataclass(frozen=True)
class ChangeTemplate(Command[MailTemplate]):
    template_id: UUID
    fields: TemplateFields
    sent: frozenset[str] = field(default_factory=frozenset)
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteTemplate(Command[None]):
    template_id: UUID


@dataclass(frozen=True)
class PreviewTemplate(Command[RenderedMail]):
    """Render a template for one contact or lead, read with the caller's token."""

    template_id: UUID
    contact_id: UUID | None = None
    lead_id: UUID | None = None
    token: str | None = None


@dataclass(frozen=True)
class Unsubscribe(Command[bool]):
    """Record an unsubscribe (h/mailings' public endpoint calls this with what its signed
    token holds); True the first time, False when the address was already suppressed."""

    address: str
    mailing_id: UUID | None = None
    contact_id: UUID | None = None
    lead_id: UUID | None = None


@dataclass(frozen=True)
class AddSuppression(Command[Suppression]):
    address: str
    reason: str = MANUAL
    note: str | None = None


@dataclass(frozen=True)
class RemoveSuppression(Command[None]):
    address: str


@dataclass(frozen=True)
class RecordHardBounce(Command[bool]):
    """The send job saw a permanent failure (5xx) for this address."""

    address: str
    mailing_id: UUID | None = None
    contact_id: UUID | None = None
    lead_id: UUID | None = None
