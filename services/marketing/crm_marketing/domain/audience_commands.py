"""Commands of the audience part: templates, mailing lists, segments, consent."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from crm_chassis.usecases import Command
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
