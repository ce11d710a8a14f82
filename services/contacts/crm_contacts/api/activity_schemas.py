"""Request and response bodies of tasks, calls/meetings, notes, the timeline and the 360 view."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar
from uuid import UUID

from pydantic import AliasChoices, AwareDatetime, BeforeValidator, Field

from crm_chassis.http import Schema
from crm_contacts.api.schemas import (
    AccountOut,
    ContactOut,
    FilteredListQuery,
    MayLeaveOut,
    RecordOut,
)

T = TypeVar("T")

Text = str | None


def _date_or_datetime(value: Any) -> Any:
    # Clients send a due date as "2026-12-01" or as a full RFC 3339 time; keep the UTC date.
    if isinstance(value, str) and "T" in value:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return (moment.astimezone(UTC) if moment.tzinfo else moment).date()
    return value


DueDate = Annotated[date, BeforeValidator(_date_or_datetime)]
RelatedType = Field(None, max_length=30, description="lead, account, contact, opportunity, ...")


# -- tasks ---------------------------------------------------------------------------------------


class _TaskFields(Schema):
    description: str | None = Field(None, max_length=32_000)
    priority: str | None = Field(None, max_length=20, description="High, Medium (default), Low")
    status: str | None = Field(
        None, max_length=30, description="Open (default), In Progress, Completed, Deferred, ..."
    )
    due_date: DueDate | None = None
    reminder_at: AwareDatetime | None = None
    related_type: str | None = RelatedType
    related_id: UUID | None = None
    owner_id: UUID | None = Field(None, description="Assigned to (user or group); default: you")


class TaskCreate(_TaskFields):
    title: str = Field(min_length=1, max_length=255)


class TaskPatch(_TaskFields):
    title: str | None = Field(None, min_length=1, max_length=255)
    reason: str | None = Field(
        None, max_length=500, description="Why a Completed or Closed task is reopened (required)"
    )


class TaskOut(RecordOut):
    id: UUID = None
    title: str = None
    description: Text = None
    priority: str = None
    status: str = None
    is_open: bool = None
    overdue: bool = None
    due_date: date | None = None
    reminder_at: datetime | None = None
    related_type: Text = None
    related_id: UUID | None = None
    owner_id: UUID = None
    created_by: str = None
    completed_at: datetime | None = None
    source_event_id: Text = None
    created_at: datetime = None
    updated_at: datetime = None
    version: int = None


class TaskListQuery(FilteredListQuery):
    related_type: str | None = None
    related_id: UUID | None = None
    status: list[str] = Field(default_factory=list, description="One or more statuses")
    priority: str | None = None
    owner_id: UUID | None = None
    due_before: DueDate | None = None
    mine: bool | None = Field(None, description="Assigned to you or a group of yours")
    open: bool | None = Field(None, description="true: not Completed/Closed")
    overdue: bool | None = Field(None, description="Open and due before today")
    reminder_due: bool | None = Field(None, description="Open, reminder time reached")


# -- calls and meetings --------------------------------------------------------------------------


class ParticipantIn(Schema):
    type: Literal["user", "contact", "lead", "account", "external"] = "external"
    id: UUID | None = None
    email: str | None = Field(None, max_length=320)
    name: str | None = Field(None, max_length=200)


class ParticipantOut(Schema):
    type: str
    id: UUID | None
    email: Text
    name: Text


class _EventFields(Schema):
    end: AwareDatetime | None = None
    status: str | None = Field(None, max_length=20, description="Planned (default), Held, Not Held")
    outcome: str | None = Field(None, max_length=32_000)
    location: str | None = Field(None, max_length=500)
    description: str | None = Field(None, max_length=32_000)
    participants: list[ParticipantIn] | None = Field(None, max_length=200)
    reminder_at: AwareDatetime | None = None
    related_type: str | None = RelatedType
    related_id: UUID | None = None
    owner_id: UUID | None = Field(None, description="Default: you")


class EventCreate(_EventFields):
    kind: Literal["call", "meeting"]
    title: str = Field(min_length=1, max_length=255)
    start: AwareDatetime


class EventPatch(_EventFields):
    kind: Literal["call", "meeting"] | None = None
    title: str | None = Field(None, min_length=1, max_length=255)
    start: AwareDatetime | None = None


class EventOut(RecordOut):
    id: UUID = None
    kind: str = None
    title: str = None
    start: datetime = None
    end: datetime | None = None
    status: str = None
    outcome: Text = None
    location: Text = None
    description: Text = None
    participants: list[ParticipantOut] = None
    reminder_at: datetime | None = None
    related_type: Text = None
    related_id: UUID | None = None
    owner_id: UUID = None
    created_by: str = None
    created_at: datetime = None
    updated_at: datetime = None
    version: int = None


class EventListQuery(FilteredListQuery):
    related_type: str | None = None
    related_id: UUID | None = None
    owner_id: UUID | None = None
    kind: Literal["call", "meeting"] | None = None
    status: str | None = None
    start_after: AwareDatetime | None = None
    start_before: AwareDatetime | None = None
    mine: bool | None = None


# -- notes ---------------------------------------------------------------------------------------

_BODY = Field(
    min_length=1, max_length=32_000, validation_alias=AliasChoices("body", "content", "text")
)


class NoteCreate(Schema):
    body: str = _BODY
    related_type: str | None = Field(
        None, max_length=30, description="Any record type, or task / event"
    )
    related_id: UUID | None = None
    parent_id: UUID | None = Field(None, description="Reply to this note (same record)")


class NotePatch(Schema):
    body: str = _BODY


class NoteOut(RecordOut):
    id: UUID = None
    body: str = None
    related_type: str = None
    related_id: UUID = None
    parent_id: UUID | None = None
    owner_id: UUID = None
    author_id: str = None
    edited: bool = None
    created_at: datetime = None
    updated_at: datetime = None
    version: int = None


class NoteListQuery(FilteredListQuery):
    related_type: str | None = None
    related_id: UUID | None = None
    parent_id: UUID | None = None
    owner_id: UUID | None = None
    top_level: bool | None = Field(None, description="Only notes that start a thread")


class RevisionOut(MayLeaveOut):
    version: int
    body: str = Field(None, description="absent when the caller's profile hides notes' body")
    edited_by: str
    edited_at: datetime


class HistoryQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None


# -- timeline and 360 view -------------------------------------------------------------------------


class TimelineEntryOut(Schema):
    id: UUID
    event_id: str
    event_type: str
    source: str
    occurred_at: datetime
    module: str
    summary: str
    account_id: UUID | None
    contact_id: UUID | None
    record_id: UUID | None
    owner_id: UUID | None
    number: Text
    amount: Text
    currency: Text
    data: dict[str, Any]


class TimelineQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    event_type: str | None = Field(
        None, max_length=200, description="Exact type, e.g. billing.invoice.paid.v1"
    )
    source: str | None = Field(None, max_length=50)


class LocalPartOut(MayLeaveOut, Generic[T]):
    status: str = Field(description="ok or forbidden (no rights on that module)")
    items: list[T] = Field(None, description="absent unless ok")


class RemotePartOut(MayLeaveOut):
    status: str = Field(description="ok, forbidden, unavailable or not_available_yet")
    items: list[dict[str, Any]] = Field(None, description="the service's records; absent unless ok")
    reason: str = Field(None, description="why a part is not ok")


class InvoicesPartOut(RemotePartOut):
    balance: list[dict[str, Any]] = Field(None, description="open balance per currency")
    balance_complete: bool = Field(None, description="false when more invoices than one page")


class OverviewOut(Schema):
    """The 360 view: local parts, then remote parts, each with its status."""

    account: AccountOut
    contacts: LocalPartOut[ContactOut]
    open_tasks: LocalPartOut[TaskOut]
    timeline: LocalPartOut[TimelineEntryOut]
    opportunities: RemotePartOut
    quotes: RemotePartOut
    orders: RemotePartOut
    invoices: InvoicesPartOut
    tickets: RemotePartOut
    generated_at: str
