"""Base request/response schemas: strict pydantic models shared by REST and the OpenAPI document."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crm_chassis.fields import Address
from crm_chassis.money import Money
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

    @field_validator("updated_since")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        # RFC 3339 asks for an offset; a moment sent without one is read as UTC rather
        # than reaching a UTC column naive (a 500 on every service's lists before).
        return value.replace(tzinfo=UTC) if value and value.tzinfo is None else value


class Page(Schema, Generic[T]):
    """One page of a list: ``items`` and the cursor of the next page (``null`` at the end)."""

    items: list[T]
    next_cursor: str | None = None


#: A decimal string as the API takes amounts (never a float): up to 16 digits and 6 decimals.
DECIMAL_STRING = r"^-?[0-9]{1,16}(\.[0-9]{1,6})?$"


class AddressIn(Schema):
    """A postal address as clients send it; every part optional."""

    street: str | None = Field(None, max_length=500)
    city: str | None = Field(None, max_length=200)
    state: str | None = Field(None, max_length=200)
    postal_code: str | None = Field(None, max_length=50)
    country: str | None = Field(None, max_length=100)

    def to_address(self) -> Address | None:
        """Trimmed; an address of blanks is no address."""
        return Address.of(self.model_dump())


class AddressOut(Schema):
    """A postal address as the API answers it."""

    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None


class MoneyIn(Schema):
    """An amount as clients send it: a decimal string and an ISO 4217 currency."""

    amount: str = Field(pattern=DECIMAL_STRING, description='Decimal string, e.g. "1250.00"')
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217 code")

    def to_money(self) -> Money:
        return Money(Decimal(self.amount), self.currency.upper())


class MoneyOut(Schema):
    """An amount as the API answers it: ``{"amount": "1250.00", "currency": "EUR"}``."""

    amount: Decimal
    currency: str
