"""Bodies of mailing lists, their members, segments and audience previews."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from crm_chassis.http import ListQuery, Schema
from crm_marketing.api.audience_schemas import Timestamp
from crm_marketing.domain.ports import AudiencePreview, Recipient
from crm_marketing.domain.segments import SegmentFields


class MailingListIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(None, max_length=2000)
    owner_id: UUID | None = Field(None, description="A user or group; default: the caller")


class MailingListPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=2000)
    owner_id: UUID | None = Field(None, description="A user or group (not null)")


class MailingListOut(Schema):
    id: UUID
    name: str
    description: str | None = None
    owner_id: UUID | None = Field(None, description="Null: administrators only (older rows)")
    created_by: str
    created_at: Timestamp
    updated_at: Timestamp
    version: int


class MembersIn(Schema):
    contact_ids: list[UUID] = Field(default_factory=list, max_length=500)
    lead_ids: list[UUID] = Field(default_factory=list, max_length=500)


class MembersAddedOut(Schema):
    added: int
    already: int = Field(description="Ids that were on the list already (nothing changed)")


class MemberOut(Schema):
    kind: str
    id: UUID
    added_by: str
    added_at: Timestamp


class MemberQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    kind: Literal["contact", "lead"] | None = None


class SegmentIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(None, max_length=2000)
    record_types: str = Field("both", description="contacts, leads or both")
    filter: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "account_types, industries, areas, tags, lead_statuses, lead_sources (lists), "
            "owner_id, created_since, updated_since"
        ),
    )
    owner_id: UUID | None = Field(None, description="A user or group; default: the caller")


class SegmentPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=2000)
    record_types: str | None = None
    filter: dict[str, Any] | None = None
    owner_id: UUID | None = Field(None, description="A user or group (not null)")


class SegmentOut(Schema):
    id: UUID
    name: str
    description: str | None = None
    record_types: str
    filter: dict[str, Any]
    owner_id: UUID | None = Field(None, description="Null: administrators only (older rows)")
    created_by: str
    created_at: Timestamp
    updated_at: Timestamp
    version: int


class PreviewQuery(Schema):
    limit: int = Field(50, ge=1, le=500)


class RecipientOut(Schema):
    kind: str
    id: UUID
    name: str
    address: str
    skip_reason: str | None = None


class AudiencePreviewOut(Schema):
    total: int
    mailable: int
    skipped: dict[str, int]
    items: list[RecipientOut]


class AudienceListQuery(ListQuery):
    pass


def segment_fields(body: SegmentIn | SegmentPatch) -> SegmentFields:
    return SegmentFields(**body.model_dump(include=set(SegmentFields.__dataclass_fields__)))


def out(schema: type[Schema], found: Any) -> dict[str, Any]:
    return schema.model_validate(found, from_attributes=True).model_dump(mode="json")


def recipient_out(r: Recipient) -> dict[str, Any]:
    kind = "contact" if r.contact_id else "lead"
    return {
        "kind": kind,
        "id": str(r.record_id),
        "name": r.name,
        "address": r.address,
        "skip_reason": r.skip_reason,
    }


def preview_out(found: AudiencePreview) -> dict[str, Any]:
    return {
        "total": found.total,
        "mailable": found.mailable,
        "skipped": dict(found.skipped),
        "items": [recipient_out(r) for r in found.first],
    }
