"""Request and response bodies; pydantic checks shapes, the domain checks business rules.

Money travels as decimal strings (a JSON number is refused: floats lose cents) beside the
document's ``currency``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from crm_chassis.http import ListQuery, Schema

_DECIMAL = r"^-?[0-9]{1,15}(\.[0-9]{1,6})?$"
Amount = str
Text = str | None


def amount(description: str = 'Decimal string, e.g. "1250.00"', **kw: object):
    return Field(pattern=_DECIMAL, description=description, **kw)


class AddressIn(Schema):
    street: str | None = Field(None, max_length=500)
    city: str | None = Field(None, max_length=200)
    state: str | None = Field(None, max_length=200)
    postal_code: str | None = Field(None, max_length=50)
    country: str | None = Field(None, max_length=100)


class LineIn(Schema):
    product_id: UUID | None = None
    description: str = Field(min_length=1, max_length=2000)
    unit: str | None = Field(None, max_length=50)
    quantity: str | int = Field(description="Decimal string > 0 (up to 6 decimals)")
    unit_price: str = amount()
    discount_percent: str | None = amount("0..100", default=None)
    discount_amount: str | None = amount(default=None)
    tax_percent: str | None = amount("0..100", default=None)


class _InvoiceFields(Schema):
    contact_id: UUID | None = None
    subject: str | None = Field(None, max_length=255)
    invoice_date: date | None = None
    due_date: date | None = Field(None, description="Default: invoice date + payment terms")
    payment_terms: str | None = Field(
        None, description="Net 30 days (default), Net 45 days, Net 60 days"
    )
    billing_address: AddressIn | None = None
    shipping_address: AddressIn | None = None
    discount_percent: str | None = amount(
        "Header discount, percent of the lines' net", default=None
    )
    discount_amount: str | None = amount("Header discount amount", default=None)
    shipping: str | None = amount(default=None)
    adjustment: str | None = amount("Signed adjustment", default=None)
    terms_conditions: str | None = Field(None, max_length=32_000)
    description: str | None = Field(None, max_length=32_000)
    owner_id: UUID | None = Field(None, description="Default: the caller")


class InvoiceCreate(_InvoiceFields):
    account_id: UUID
    currency: str = Field(min_length=3, max_length=3)
    lines: list[LineIn] = Field(min_length=1, max_length=500)
    quote_id: UUID | None = None
    sales_order_id: UUID | None = None


class InvoicePatch(_InvoiceFields):
    account_id: UUID | None = None
    currency: str | None = Field(None, min_length=3, max_length=3)
    lines: list[LineIn] | None = Field(None, min_length=1, max_length=500)
    status: str | None = Field(
        None, description="A workflow transition: Approved, Sent or Cancelled"
    )


class LineOut(Schema):
    position: int
    product_id: UUID | None
    description: str
    unit: Text
    quantity: str
    unit_price: str
    discount_percent: str
    discount_amount: str
    tax_percent: str
    gross: str
    net: str
    tax: str


class InvoiceOut(Schema):
    id: UUID
    number: str
    status: str
    account_id: UUID
    contact_id: UUID | None
    quote_id: UUID | None
    sales_order_id: UUID | None
    subject: Text
    currency: str
    invoice_date: date
    due_date: date
    payment_terms: str
    billing_address: AddressIn | None
    shipping_address: AddressIn | None
    lines: list[LineOut]
    discount_percent: str
    subtotal: str
    discount: str
    tax: str
    shipping: str
    adjustment: str
    total: str
    amount_paid: str
    amount_credited: str
    balance: str
    terms_conditions: Text
    description: Text
    issued_at: datetime | None
    settled_on: date | None
    overdue_since: date | None
    dunning_level: int
    last_reminder_on: date | None
    owner_id: UUID
    created_at: datetime
    updated_at: datetime
    version: int


class InvoiceListQuery(ListQuery):
    account_id: UUID | None = None
    contact_id: UUID | None = None
    quote_id: UUID | None = None
    sales_order_id: UUID | None = None
    owner_id: UUID | None = None
    status: list[str] = Field(default_factory=list, description="One or more statuses")
    currency: str | None = None
    dunning_level: int | None = None


class ReminderOut(Schema):
    level: int
    reminded_on: date
    days_overdue: int


class AllocationIn(Schema):
    invoice_id: UUID
    amount: str | None = amount("Default: as much as fits", default=None)


class PaymentCreate(Schema):
    account_id: UUID
    amount: str = amount()
    currency: str = Field(min_length=3, max_length=3)
    method: str | None = Field(
        None, description="Bank Transfer (default), Cash, Cheque, Credit Card, Direct Debit, Other"
    )
    reference: str | None = Field(None, max_length=200)
    client_reference: str | None = Field(
        None, max_length=200, description="The payer system's id: a repeat is harmless"
    )
    received_on: date | None = None
    notes: str | None = Field(None, max_length=32_000)
    allocations: list[AllocationIn] | None = Field(
        None,
        max_length=500,
        description="Default: the account's open invoices, oldest "
        "due first; the rest is the account's credit",
    )
    owner_id: UUID | None = None


class AllocationsIn(Schema):
    allocations: list[AllocationIn] | None = Field(None, max_length=500)


class AllocationOut(Schema):
    invoice_id: UUID
    amount: str
    allocated_on: date


class PaymentOut(Schema):
    id: UUID
    number: str
    account_id: UUID
    amount: str
    currency: str
    method: str
    reference: Text
    client_reference: Text
    received_on: date
    allocations: list[AllocationOut]
    allocated: str
    unallocated: str
    notes: Text
    owner_id: UUID
    created_at: datetime
    updated_at: datetime
    version: int


class PaymentListQuery(ListQuery):
    account_id: UUID | None = None
    owner_id: UUID | None = None
    method: str | None = None
    currency: str | None = None
    client_reference: str | None = None


class CreditNoteCreate(Schema):
    invoice_id: UUID
    amount: str = amount()
    reason: str = Field(min_length=1, max_length=2000)
    currency: str | None = Field(None, min_length=3, max_length=3)
    issued_on: date | None = None


class CreditNoteOut(Schema):
    id: UUID
    number: str
    invoice_id: UUID
    account_id: UUID
    amount: str
    currency: str
    issued_on: date
    reason: str
    applied: str
    to_credit: str
    status: str
    owner_id: UUID
    created_at: datetime
    updated_at: datetime
    version: int


class CreditNoteListQuery(ListQuery):
    invoice_id: UUID | None = None
    account_id: UUID | None = None
    owner_id: UUID | None = None
    currency: str | None = None


class _VendorFields(Schema):
    contact_name: str | None = Field(None, max_length=255)
    email: str | None = Field(None, max_length=255)
    phone: str | None = Field(None, max_length=255)
    website: str | None = Field(None, max_length=255)
    address: AddressIn | None = None
    payment_terms: str | None = None
    gl_account: str | None = Field(None, max_length=255)
    category: str | None = Field(None, max_length=255)
    description: str | None = Field(None, max_length=32_000)


class VendorCreate(_VendorFields):
    name: str = Field(min_length=1, max_length=255)


class VendorPatch(_VendorFields):
    name: str | None = Field(None, min_length=1, max_length=255)


class VendorOut(Schema):
    id: UUID
    name: str
    contact_name: Text
    email: Text
    phone: Text
    website: Text
    address: AddressIn | None
    payment_terms: Text
    gl_account: Text
    category: Text
    description: Text
    created_at: datetime
    updated_at: datetime
    version: int


class VendorListQuery(ListQuery):
    category: str | None = None
    payment_terms: str | None = None


class _PurchaseOrderFields(Schema):
    subject: str | None = Field(None, max_length=255)
    order_date: date | None = None
    expected_on: date | None = None
    tracking_number: str | None = Field(None, max_length=100)
    carrier: str | None = Field(None, max_length=100)
    shipping_address: AddressIn | None = None
    discount_percent: str | None = amount(default=None)
    discount_amount: str | None = amount(default=None)
    shipping: str | None = amount(default=None)
    adjustment: str | None = amount(default=None)
    description: str | None = Field(None, max_length=32_000)
    owner_id: UUID | None = None


class PurchaseOrderCreate(_PurchaseOrderFields):
    vendor_id: UUID
    currency: str = Field(min_length=3, max_length=3)
    lines: list[LineIn] = Field(min_length=1, max_length=500)


class PurchaseOrderPatch(_PurchaseOrderFields):
    vendor_id: UUID | None = None
    currency: str | None = Field(None, min_length=3, max_length=3)
    lines: list[LineIn] | None = Field(None, min_length=1, max_length=500)
    status: str | None = Field(
        None, description="Created, Approved, Delivered, Received Shipment, Cancelled"
    )


class PurchaseOrderOut(Schema):
    id: UUID
    number: str
    status: str
    vendor_id: UUID
    subject: Text
    currency: str
    order_date: date
    expected_on: date | None
    tracking_number: Text
    carrier: Text
    shipping_address: AddressIn | None
    lines: list[LineOut]
    discount_percent: str
    subtotal: str
    discount: str
    tax: str
    shipping: str
    adjustment: str
    total: str
    description: Text
    owner_id: UUID
    created_at: datetime
    updated_at: datetime
    version: int


class PurchaseOrderListQuery(ListQuery):
    vendor_id: UUID | None = None
    owner_id: UUID | None = None
    status: list[str] = Field(default_factory=list, description="One or more statuses")
    currency: str | None = None


class AgeingQuery(Schema):
    as_of: date | None = Field(None, description="Default: today")
    account_id: UUID | None = None


class KpiQuery(Schema):
    from_: date = Field(alias="from")
    to: date
    granularity: Literal["month", "quarter", "year"] = "month"


class AccountCreditQuery(Schema):
    account_id: UUID
