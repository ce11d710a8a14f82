"""Schemas of mailings and their public links (h/mailings)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from crm_chassis.http.schemas import Schema

RecipientStatus = Literal["queued", "sent", "failed", "bounced", "skipped"]
MailingStatus = Literal["Draft", "Scheduled", "Sending", "Paused", "Sent", "Cancelled"]


class MailingEdit(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    campaign_id: UUID | None = None
    template_id: UUID | None = None
    audience_kind: Literal["list", "segment"] | None = None
    audience_id: UUID | None = None
    from_name: str | None = Field(None, max_length=200)
    from_address: str | None = Field(None, min_length=3, max_length=320)
    reply_to: str | None = Field(None, max_length=320)
    scheduled_at: datetime | None = None
    track_opens: bool | None = None
    track_clicks: bool | None = None
    batch_size: int | None = Field(None, ge=1, le=10_000)
    per_second: float | None = Field(None, gt=0, le=10_000)
    per_minute: int | None = Field(None, ge=1)
    per_hour: int | None = Field(None, ge=1)


class MailingIn(MailingEdit):
    name: str = Field(min_length=1, max_length=200)
    template_id: UUID
    audience_kind: Literal["list", "segment"]
    audience_id: UUID
    from_name: str = Field("", max_length=200)
    from_address: str = Field(min_length=3, max_length=320)
    track_opens: bool = True
    track_clicks: bool = True
    batch_size: int = Field(500, ge=1, le=10_000)
    owner_id: str | None = Field(None, max_length=64)


class MailingOut(Schema):
    id: UUID
    name: str
    campaign_id: UUID | None
    template_id: UUID
    audience_kind: str
    audience_id: UUID
    from_name: str
    from_address: str
    reply_to: str | None
    scheduled_at: datetime | None
    track_opens: bool
    track_clicks: bool
    batch_size: int
    per_second: float | None
    per_minute: int | None
    per_hour: int | None
    status: MailingStatus
    allowed_next: list[str]
    owner_id: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    version: int


class MailingListQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    status: MailingStatus | None = None


class RecipientQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    status: RecipientStatus | None = None


class RecipientOut(Schema):
    id: UUID
    address: str
    name: str | None
    contact_id: UUID | None
    lead_id: UUID | None
    status: RecipientStatus
    reason: str | None
    attempts: int
    message_id: str | None
    smtp_reply: str | None
    sent_at: datetime | None
    opened_at: datetime | None
    clicked_at: datetime | None
    unsubscribed_at: datetime | None


class StatisticsQuery(Schema):
    format: Literal["json", "csv"] | None = None


class MailingStatisticsOut(Schema):
    mailing_id: UUID
    status: str
    recipients: int
    queued: int
    skipped: int
    failed: int
    sent: int
    delivered: int
    bounced: int
    opened: int
    clicked: int
    unsubscribed: int
    open_rate: float
    click_rate: float
    unsubscribe_rate: float
    bounce_rate: float


class OneClickIn(Schema):
    """RFC 8058's body (``List-Unsubscribe=One-Click``); a form's button sends nothing."""

    list_unsubscribe: str | None = Field(None, alias="List-Unsubscribe", max_length=20)


class UnsubscribeOut(Schema):
    mailing: str
    address: str
    unsubscribed: bool
    #: False when this link had already unsubscribed the address (nothing changed now).
    changed: bool
