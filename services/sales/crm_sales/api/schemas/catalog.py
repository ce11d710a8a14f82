"""Product and price book bodies, queries and answers (unowned modules)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from crm_chassis.http import ListQuery, Schema
from crm_sales.api.schemas.parts import DECIMAL, Body, Record
from crm_sales.domain.catalog import ProductFields
from crm_sales.domain.pricing import Number


class _ProductFields(Body):
    category: str | None = Field(None, max_length=100)
    tax_class: str | None = None
    tax_percent: Number | None = None
    usage_unit: str | None = None
    active: bool | None = None
    vendor_ref: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=32_000)

    def to_fields(self) -> ProductFields:
        return ProductFields(**self.model_dump())


class ProductCreate(_ProductFields):
    code: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=255)
    unit_price: str = Field(pattern=DECIMAL)
    currency: str = Field(min_length=3, max_length=3)


class ProductPatch(_ProductFields):
    code: str | None = Field(None, min_length=1, max_length=100)
    name: str | None = Field(None, min_length=1, max_length=255)
    unit_price: str | None = Field(None, pattern=DECIMAL)
    currency: str | None = Field(None, min_length=3, max_length=3)


class ProductListQuery(ListQuery):
    category: str | None = None
    active: bool | None = None
    currency: str | None = None
    code: str | None = None


class PriceBookCreate(Schema):
    name: str = Field(min_length=1, max_length=255)
    currency: str = Field(min_length=3, max_length=3)
    active: bool = True
    description: str | None = Field(None, max_length=32_000)


class PriceBookListQuery(ListQuery):
    currency: str | None = None
    active: bool | None = None


class ListPriceBody(Schema):
    list_price: str = Field(pattern=DECIMAL)


class ProductOut(Record):
    id: UUID = Field(None)
    code: str = Field(None)
    name: str = Field(None)
    unit_price: Decimal = Field(None)
    currency: str = Field(None)
    category: str | None = None
    tax_class: str | None = None
    tax_percent: Decimal = Field(None)
    usage_unit: str | None = None
    active: bool = Field(None)
    vendor_ref: str | None = None
    description: str | None = None
    created_at: datetime = Field(None)
    updated_at: datetime = Field(None)
    version: int = Field(None)


class PriceBookOut(Schema):
    id: UUID
    name: str
    currency: str
    active: bool
    description: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class ListPriceOut(Schema):
    """A product's list price in a price book (in the book's currency)."""

    price_book_id: UUID
    product_id: UUID
    list_price: Decimal
    currency: str


class PriceOut(Schema):
    """A price list row; the product's code or name is left out when hidden from the caller."""

    product_id: UUID
    product_code: str = Field(None)
    product_name: str = Field(None)
    list_price: Decimal
    currency: str
