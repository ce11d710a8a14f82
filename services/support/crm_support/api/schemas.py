"""Ticket, comment, attachment, history and assignment-rule bodies, queries and answers.

Answers are records whose every field has a default: a field hidden from the caller (by its
profile, or a portal caller's staff-only fields) is left out, never sent as null.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from crm_access import FieldAccess
from crm_chassis.http import ListQuery, Schema
from crm_chassis.pagination import ListParams
from crm_support.api.sla_schemas import TicketSlaOut
from crm_support.domain.tickets import TIME_SPENT_MAX, TicketFields

LIST_FIELDS = frozenset(ListQuery.model_fields)


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def shown(description: str | None = None) -> Any:
    """A field never null when shown, but left out when hidden from the caller (so its
    Python default is None, which the OpenAPI document does not claim)."""
    return Field(None, description=description, json_schema_extra=_no_default)


class _TicketFields(Schema):
    description: str | None = Field(None, max_length=20_000)
    account_id: UUID | None = None
    contact_id: UUID | None = Field(None, description="A contact at account_id")
    product_id: UUID | None = None
    priority: str | None = Field(None, max_length=50, description="Pick list: Low .. Urgent")
    severity: str | None = Field(None, max_length=50, description="Pick list: severity")
    category: str | None = Field(None, max_length=50, description="Pick list: category")
    owner_id: UUID | None = Field(None, description="A user or a group; none: the rules")
    time_spent_minutes: int | None = Field(None, ge=0, le=TIME_SPENT_MAX)
    resolution: str | None = Field(None, max_length=20_000)

    @property
    def sent(self) -> frozenset[str]:
        return frozenset(self.model_fields_set)

    def to_fields(self) -> TicketFields:
        values = self.model_dump(include=set(TicketFields.__dataclass_fields__))
        return TicketFields(**values)


class TicketCreate(_TicketFields):
    title: str = Field(min_length=1, max_length=255)
    channel: Literal["email", "phone", "portal", "web", "api"] | None = None


class TicketPatch(_TicketFields):
    title: str | None = Field(None, min_length=1, max_length=255)
    status: str | None = Field(None, max_length=50, description="Moves along the ticket machine")
    reason: str | None = Field(
        None, max_length=500, description="Why (required to reopen a Closed ticket)"
    )


class TicketListQuery(ListQuery):
    status: str | None = Field(None, max_length=50)
    priority: str | None = Field(None, max_length=50)
    severity: str | None = Field(None, max_length=50)
    category: str | None = Field(None, max_length=50)
    channel: str | None = Field(None, max_length=20)
    owner_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    product_id: UUID | None = None
    parent_ticket_id: UUID | None = None
    number: str | None = Field(None, max_length=20)
    open_only: bool | None = Field(None, description="true: only tickets not Closed")


class TicketOut(Schema):
    id: UUID = shown()
    number: str = shown()
    title: str = shown()
    description: str | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    product_id: UUID | None = None
    priority: str = shown()
    severity: str | None = None
    category: str | None = None
    status: str = shown()
    allowed_next: list[str] = shown("Statuses the ticket may move to next")
    channel: str = shown()
    owner_id: UUID | None = None
    owner_kind: str | None = None
    time_spent_minutes: int = shown()
    resolution: str | None = None
    parent_ticket_id: UUID | None = None
    created_by: str = shown()
    created_at: datetime = shown()
    updated_at: datetime = shown()
    first_response_at: datetime | None = None
    closed_at: datetime | None = None
    version: int = shown()
    # h/sla: the ticket's SLA now (staff only; absent for portal callers).
    sla: TicketSlaOut | None = Field(None, description="Due times and remaining business time")


class TimeIn(Schema):
    minutes: int = Field(ge=1, le=TIME_SPENT_MAX, description="Worked minutes to add")


class CommentIn(Schema):
    body: str = Field(min_length=1, max_length=100_000)
    is_public: bool = Field(True, description="Seen by the customer (portal: always)")


class CommentOut(Schema):
    id: UUID
    ticket_id: UUID
    body: str
    is_public: bool
    author_id: UUID | None = None
    author_kind: str
    created_at: datetime
    message_id: str | None = None


class PostedCommentOut(CommentOut):
    new_ticket: bool = Field(
        False, description="The ticket was closed past the reopen window: a linked one opened"
    )
    ticket_number: str = shown()


class AttachmentOut(Schema):
    id: UUID
    ticket_id: UUID
    comment_id: UUID | None = None
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime
    created_by: str = shown()


class HistoryOut(Schema):
    field: str
    old_value: str | None = None
    new_value: str | None = None
    changed_at: datetime
    changed_by: str
    reason: str | None = None


class AssignmentRuleIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    priority: int = Field(100, ge=0, le=1_000_000)
    target: Literal["owner", "round_robin"]
    owner_id: UUID | None = Field(None, description="target owner: a user or a group")
    group_id: UUID | None = Field(None, description="target round_robin: the group")
    criteria: dict[str, str] = Field(
        default_factory=dict, description="category, product_id, account_id (all must match)"
    )
    active: bool = True


class AssignmentRuleOut(Schema):
    id: UUID
    name: str
    priority: int
    target: str
    owner_id: UUID | None = None
    owner_kind: str | None = None
    group_id: UUID | None = None
    criteria: dict[str, str]
    active: bool


class TicketPicklistsIO(Schema):
    severities: list[str] = Field(min_length=1, max_length=100)
    categories: list[str] = Field(min_length=1, max_length=100)


class TicketSettingsIO(Schema):
    fallback_owner_id: UUID | None = Field(
        None, description="Owner of tickets no rule matched (a user or a group)"
    )
    fallback_owner_kind: str | None = Field(None, description="Answered; ignored when sent")
    reopen_window_days: float | None = Field(
        None, ge=0, le=365, description="None: SUPPORT_REOPEN_WINDOW_DAYS"
    )


def record(
    obj: object, schema: type[BaseModel], fields: FieldAccess | None = None
) -> dict[str, Any]:
    """The answer for ``obj``: what ``schema`` declares, without the caller's hidden fields."""
    out = {n: getattr(obj, n) for n in schema.model_fields if hasattr(obj, n)}
    return fields.redact(out) if fields is not None else out


def list_params(query: ListQuery) -> ListParams:
    given = {n: v for n, v in query.model_dump().items() if n not in LIST_FIELDS and v is not None}
    return ListParams(
        limit=query.limit,
        cursor=query.cursor,
        sort=query.sort,
        q=query.q,
        updated_since=query.updated_since,
        filters=given,
    )
