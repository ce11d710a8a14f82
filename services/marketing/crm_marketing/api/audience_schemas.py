"""Request and response bodies of the audience's resources (templates, lists, segments,
suppressions)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import Field, PlainSerializer, WithJsonSchema

from crm_chassis.http import ListQuery, Schema
from crm_marketing.domain.ports import RenderedMail
from crm_marketing.domain.templates import MailTemplate, TemplateFields


def _isoformat(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


Timestamp = Annotated[
    datetime,
    PlainSerializer(_isoformat, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]

# Template parts are checked by the template rules (422 naming the part and the line);
# these limits only keep absurd bodies out before parsing.
_PART = 500_000


class TemplateIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(None, max_length=2000)
    subject: str = Field(min_length=1, max_length=500)
    html: str = Field(min_length=1, max_length=_PART)
    text: str | None = Field(
        None, max_length=_PART, description="Derived from the HTML part when absent"
    )
    owner_id: UUID | None = Field(None, description="A user or group; default: the caller")


class TemplatePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=2000)
    subject: str | None = Field(None, min_length=1, max_length=500)
    html: str | None = Field(None, min_length=1, max_length=_PART)
    text: str | None = Field(None, max_length=_PART)
    owner_id: UUID | None = Field(None, description="A user or group (not null)")

    @property
    def sent(self) -> frozenset[str]:
        return frozenset(self.model_fields_set)


class TemplateOut(Schema):
    id: UUID
    name: str
    description: str | None = None
    subject: str
    html: str
    text: str | None = None
    owner_id: UUID | None = Field(None, description="Null: administrators only (older rows)")
    created_by: str
    created_at: Timestamp
    updated_at: Timestamp
    version: int


class PreviewIn(Schema):
    contact_id: UUID | None = None
    lead_id: UUID | None = None


class RenderedOut(Schema):
    subject: str
    html: str
    text: str


def template_fields(body: TemplateIn | TemplatePatch) -> TemplateFields:
    return TemplateFields(**body.model_dump(include=set(TemplateFields.__dataclass_fields__)))


def template_out(template: MailTemplate) -> dict[str, Any]:
    return TemplateOut.model_validate(template, from_attributes=True).model_dump(mode="json")


def rendered_out(mail: RenderedMail) -> dict[str, Any]:
    return {"subject": mail.subject, "html": mail.html, "text": mail.text}


class SuppressionIn(Schema):
    address: str = Field(min_length=3, max_length=320)
    reason: str = Field("manual", description="manual, unsubscribed or hard_bounced")
    note: str | None = Field(None, max_length=2000)


class SuppressionOut(Schema):
    address: str
    reason: str
    mailing_id: UUID | None = None
    contact_id: UUID | None = None
    lead_id: UUID | None = None
    note: str | None = None
    created_by: str
    created_at: Timestamp


class SuppressionQuery(ListQuery):
    reason: str | None = Field(None, max_length=30)


def suppression_out(suppression: Any) -> dict[str, Any]:
    return SuppressionOut.model_validate(suppression, from_attributes=True).model_dump(mode="json")
