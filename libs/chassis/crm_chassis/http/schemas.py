"""Base request/response schemas: strict pydantic models shared by REST and the OpenAPI document."""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from crm_chassis.pagination import DEFAULT_LIMIT, MAX_LIMIT

T = TypeVar("T")


class Schema(BaseModel):
    """A request or response body; unknown fields are refused (422), never silently dropped."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ListQuery(Schema):
    """Query parameters every list accepts (docs/api-conventions.md: limit, cursor, q, sort)."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = None
    q: str | None = Field(None, max_length=200)
    sort: str | None = None
    updated_since: datetime | None = None


class Page(Schema, Generic[T]):
    """One page of a list: ``items`` and the cursor of the next page (``null`` at the end)."""

    items: list[T]
    next_cursor: str | None = None
