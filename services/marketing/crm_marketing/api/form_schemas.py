"""Request and response schemas of online lead forms (REST)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import ConfigDict, Field

from crm_chassis.http import ListQuery, Schema
from crm_marketing.domain.forms import FormField, FormSpec

Text = str


class FormFieldIn(Schema):
    name: str = Field(..., max_length=40, description="Lower-case identifier, unique per form")
    label: str = Field(..., max_length=200)
    type: str = Field("text", max_length=20, description="text, email, phone, url, ...")
    required: bool = False
    max_length: int = Field(255, description="1 to 5000 characters")
    choices: list[str] = Field(default_factory=list, max_length=100)
    maps_to: str | None = Field(
        None, max_length=40, description="A lead field (first_name, email, address.city, ...)"
    )

    def to_field(self) -> FormField:
        return FormField(**{**self.model_dump(), "choices": tuple(self.choices)})


class FormIn(Schema):
    name: str = Field(..., max_length=200)
    fields: list[FormFieldIn] = Field(..., max_length=40)
    campaign_id: UUID | None = Field(None, description="The campaign its leads are credited to")
    lead_owner_id: UUID | None = Field(None, description="Who gets its leads (empty: sales' rules)")
    owner_id: UUID | None = Field(None, description="The form's owner (default: the caller)")
    thank_you_url: str | None = Field(None, max_length=2000)
    error_url: str | None = Field(None, max_length=2000)
    allowed_origins: list[str] = Field(default_factory=list, max_length=20)
    min_fill_seconds: int = Field(3, description="0 to 3600")
    rate_limit_per_hour: int = Field(100, description="Submissions per hour, 1 to 100000")
    description: str | None = Field(None, max_length=2000)

    def to_spec(self) -> FormSpec:
        values = self.model_dump(exclude={"fields", "owner_id", "allowed_origins"})
        return FormSpec(
            **values,
            fields=tuple(f.to_field() for f in self.fields),
            allowed_origins=tuple(self.allowed_origins),
        )


class FormPatch(Schema):
    """Any attribute of FormIn, and the status (active or inactive)."""

    name: str | None = Field(None, max_length=200)
    fields: list[FormFieldIn] | None = Field(None, max_length=40)
    campaign_id: UUID | None = None
    lead_owner_id: UUID | None = None
    owner_id: UUID | None = None
    thank_you_url: str | None = Field(None, max_length=2000)
    error_url: str | None = Field(None, max_length=2000)
    allowed_origins: list[str] | None = Field(None, max_length=20)
    min_fill_seconds: int | None = None
    rate_limit_per_hour: int | None = None
    description: str | None = Field(None, max_length=2000)
    status: Literal["active", "inactive"] | None = None


class FormFieldOut(Schema):
    name: str
    label: str
    type: str
    required: bool
    max_length: int
    choices: list[str]
    maps_to: str | None


class FormOut(Schema):
    id: UUID
    name: str
    status: str
    owner_id: UUID
    campaign_id: UUID | None
    lead_owner_id: UUID | None
    fields: list[FormFieldOut]
    thank_you_url: str | None
    error_url: str | None
    allowed_origins: list[str]
    min_fill_seconds: int
    rate_limit_per_hour: int
    description: str | None
    submit_url: str = Field(..., description="Where the public submissions go (no token)")
    created_at: datetime
    updated_at: datetime
    version: int


class FormsQuery(ListQuery):
    status: Literal["active", "inactive"] | None = None
    campaign_id: UUID | None = None


class EmbedOut(Schema):
    form_id: UUID
    action: str = Field(..., description="The public submission URL")
    stamp: str = Field(..., description="The signed render stamp (form_stamp)")
    html: str = Field(..., description="A plain HTML form to paste into a page")


class SubmissionIn(Schema):
    """The form's own fields by name (extra members), and three the endpoint reads itself."""

    model_config = ConfigDict(extra="allow")

    form_stamp: str | None = Field(None, max_length=500, description="From the embed snippet")
    submission_key: str | None = Field(
        None, max_length=100, description="A retry with the same key answers the first result"
    )
    confirm_email_address: str | None = Field(
        None, max_length=1000, description="The honeypot: must stay empty"
    )

    def values(self) -> dict[str, str]:
        """The visitor's values as text (numbers and booleans from JSON included)."""
        extra: dict[str, Any] = self.model_extra or {}
        return {
            str(k)[:100]: _text(v)
            for k, v in list(extra.items())[:100]
            if isinstance(v, str | int | float | bool)
        }


def _text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else ""
    return str(value)


class SubmissionAnswer(Schema):
    """What the visitor's client gets back."""

    id: UUID
    form_id: UUID
    status: str
    created_at: datetime


class FieldErrorOut(Schema):
    field: str
    message: str


class SubmissionOut(Schema):
    """A stored submission as staff see it."""

    id: UUID
    form_id: UUID
    status: str
    reason: str | None
    detail: str | None
    origin: str | None
    campaign_id: UUID | None
    values: dict[str, str]
    errors: list[FieldErrorOut]
    created_at: datetime


class SubmissionsQuery(ListQuery):
    status: Literal["accepted", "rejected"] | None = None
