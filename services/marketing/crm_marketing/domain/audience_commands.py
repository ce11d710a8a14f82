"""Commands of the audience part: templates, mailing lists, segments, consent."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from crm_chassis.usecases import Command
from crm_marketing.domain.consent import MANUAL, Suppression
from crm_marketing.domain.mailing_lists import MailingList, MembersAdded
from crm_marketing.domain.ports import AudiencePreview, RenderedMail
from crm_marketing.domain.segments import Segment, SegmentFields
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


@dataclass(frozen=True)
class CreateMailingList(Command[MailingList]):
    name: str
    description: str | None = None
    #: A user or group; None: the caller.
    owner_id: UUID | None = None


@dataclass(frozen=True)
class ChangeMailingList(Command[MailingList]):
    list_id: UUID
    name: str | None = None
    description: str | None = None
    owner_id: UUID | None = None
    sent: frozenset[str] = field(default_factory=frozenset)
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteMailingList(Command[None]):
    list_id: UUID


@dataclass(frozen=True)
class AddListMembers(Command[MembersAdded]):
    """Add contacts and leads by id; each must be visible to the caller (its ``token``)."""

    list_id: UUID
    contact_ids: tuple[UUID, ...] = ()
    lead_ids: tuple[UUID, ...] = ()
    token: str | None = None


@dataclass(frozen=True)
class RemoveListMember(Command[None]):
    list_id: UUID
    kind: str
    member_id: UUID


@dataclass(frozen=True)
class CreateSegment(Command[Segment]):
    fields: SegmentFields


@dataclass(frozen=True)
class ChangeSegment(Command[Segment]):
    segment_id: UUID
    fields: SegmentFields
    sent: frozenset[str] = field(default_factory=frozenset)
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteSegment(Command[None]):
    segment_id: UUID


@dataclass(frozen=True)
class PreviewAudience(Command[AudiencePreview]):
    """Count a list's or segment's recipients and show the first ones, as the caller sees
    them (its ``token``), consent decided as at send time."""

    audience_id: UUID
    limit: int = 50
    token: str | None = None
