"""Customer enquiry bodies, queries and answers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from crm_chassis.http import ListQuery
from crm_sales.api.schemas.parts import Body, Record
from crm_sales.domain.enquiries import EnquiryFields
from crm_sales.domain.pricing import Number


class EnquiryCreate(Body):
    account_id: UUID
    contact_id: UUID | None = None
    product_id: UUID
    enquiry_date: date | None = None
    unit_price: Number | None = None
    currency: str | None = Field(None, min_length=3, max_length=3)
    quantity: Number
    discount_percent: Number | None = None
    delivery_period: str | None = Field(None, max_length=200)
    payment_terms: str | None = None
    quotation_lead_time_days: int | None = None
    delivery_point: str | None = Field(None, max_length=500)
    remarks: str | None = Field(None, max_length=32_000)
    owner_id: UUID | None = None

    def to_fields(self) -> EnquiryFields:
        return EnquiryFields(**self.model_dump())


class EnquiryListQuery(ListQuery):
    owner_id: UUID | None = None
    account_id: UUID | None = None
    product_id: UUID | None = None
    status: str | None = None


class EnquiryOut(Record):
    id: UUID = Field(None)
    number: str = Field(None, description="ENQ-YYYY-NNNNNN")
    enquiry_date: date = Field(None)
    status: str = Field(None)
    account_id: UUID = Field(None)
    contact_id: UUID | None = None
    product_id: UUID = Field(None)
    currency: str = Field(None)
    unit_price: Decimal = Field(None)
    quantity: Decimal = Field(None)
    discount_percent: Decimal = Field(None)
    total: Decimal = Field(None)
    delivery_period: str | None = None
    payment_terms: str | None = None
    quotation_lead_time_days: int | None = None
    delivery_point: str | None = None
    remarks: str | None = None
    quote_id: UUID | None = None
    owner_id: UUID | None = None
    created_at: datetime = Field(None)
    updated_at: datetime = Field(None)
    version: int = Field(None)
