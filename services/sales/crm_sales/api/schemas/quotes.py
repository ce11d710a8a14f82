"""Quote bodies, queries and answers (lines shared with sales orders)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import Field

from crm_chassis.http import AddressIn, AddressOut, ListQuery, Schema
from crm_sales.api.schemas.parts import Body, Record
from crm_sales.domain.lines import LineRequest
from crm_sales.domain.pricing import Number
from crm_sales.domain.quotes import QuoteFields


class LineIn(Schema):
    product_id: UUID
    quantity: Number
    discount_percent: Number | None = None
    discount_amount: Number | None = None
    tax_percent: Number | None = None
    unit_price: Number | None = Field(None, description="Override the list price")
    description: str | None = Field(None, max_length=2000)

    def to_request(self) -> LineRequest:
        return LineRequest(**self.model_dump())


class _QuoteFields(Body):
    subject: str | None = Field(None, max_length=255)
    stage: str | None = None
    contact_id: UUID | None = None
    opportunity_id: UUID | None = None
    price_book_id: UUID | None = None
    currency: str | None = Field(None, min_length=3, max_length=3)
    valid_until: date | None = None
    payment_terms: str | None = None
    terms_and_conditions: str | None = Field(None, max_length=32_000)
    billing_address: AddressIn | None = None
    shipping_address: AddressIn | None = None
    shipping: Number | None = None
    adjustment: Number | None = None
    owner_id: UUID | None = None

    def to_fields(self) -> QuoteFields:
        header = self.model_dump(
            exclude={"billing_address", "shipping_address", "lines", "account_id"}
        )
        return QuoteFields(
            **header,
            billing_address=self.billing_address.to_address() if self.billing_address else None,
            shipping_address=self.shipping_address.to_address() if self.shipping_address else None,
        )


class QuoteCreate(_QuoteFields):
    account_id: UUID
    lines: list[LineIn] = Field(min_length=1, max_length=500)

    def to_lines(self) -> tuple[LineRequest, ...]:
        return tuple(line.to_request() for line in self.lines)


class QuotePatch(_QuoteFields):
    lines: list[LineIn] | None = Field(None, min_length=1, max_length=500)

    def to_lines(self) -> tuple[LineRequest, ...] | None:
        return None if self.lines is None else tuple(ln.to_request() for ln in self.lines)


class QuoteListQuery(ListQuery):
    owner_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    opportunity_id: UUID | None = None
    product_id: UUID | None = None
    stage: str | None = None
    approval_status: str | None = None
    number: str | None = None
    include_superseded: bool = False


class LineOut(Schema):
    id: UUID
    position: int
    product_id: UUID
    # Left out when the caller's products profile hides the product's code or name.
    product_code: str = Field(None)
    product_name: str = Field(None)
    description: str | None
    quantity: Decimal
    usage_unit: str | None
    unit_price: Decimal
    discount_percent: Decimal
    discount_amount: Decimal
    tax_class: str | None
    tax_percent: Decimal
    gross_total: Decimal
    net_total: Decimal
    tax_amount: Decimal
    total: Decimal


class ApprovalStepOut(Schema):
    step: str = Field(description="requested, approved or withdrawn")
    by: str
    at: datetime
    role_id: str | None = None
    limit: dict[str, Any] | None = None
    reason: str | None = None


class QuoteOut(Record):
    id: UUID = Field(None)
    number: str = Field(None, description="QUO-YYYY-NNNNNN, shared by every version")
    quote_version: int = Field(None)
    previous_version_id: UUID | None = None
    subject: str | None = None
    stage: str = Field(None)
    account_id: UUID = Field(None)
    account_name: str | None = Field(None, description="As contacts last named the account")
    contact_id: UUID | None = None
    opportunity_id: UUID | None = None
    price_book_id: UUID | None = None
    enquiry_id: UUID | None = None
    currency: str = Field(None)
    valid_until: date | None = None
    payment_terms: str | None = None
    terms_and_conditions: str | None = None
    billing_address: AddressOut | None = None
    shipping_address: AddressOut | None = None
    lines: list[LineOut] = Field(None)
    subtotal: Decimal = Field(None)
    discount_total: Decimal = Field(None)
    tax_total: Decimal = Field(None)
    shipping: Decimal = Field(None)
    adjustment: Decimal = Field(None)
    grand_total: Decimal = Field(None)
    approval_status: str = Field(None, description="Draft, Pending Approval or Approved")
    approved_by: str | None = None
    approved_at: datetime | None = None
    superseded: bool = Field(None)
    status: str = Field(
        None, description="The quote machine's status: Superseded, else approval_status"
    )
    approval_path: list[ApprovalStepOut] = Field(
        None, description="Who asked, who approved, and the limit applied at each step"
    )
    awaiting_approval_by: list[str] = Field(
        None, description="Roles that may approve a quote waiting in Pending Approval"
    )
    owner_id: UUID | None = None
    created_at: datetime = Field(None)
    updated_at: datetime = Field(None)
    version: int = Field(None)
