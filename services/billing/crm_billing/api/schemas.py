"""Request and response bodies; pydantic checks shapes, the domain checks business rules.

Money travels as decimal strings (a JSON number is refused: floats lose cents) beside the
document's ``currency``. Responses are validated against these on their way out; a field
the caller's field access hides is left out, so every field of a record but its ``id``
may be absent (:func:`hideable`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import Field, PlainSerializer, WithJsonSchema

from crm_chassis.http import AddressIn, ListQuery, Schema

_DECIMAL = r"^-?[0-9]{1,15}(\.[0-9]{1,6})?$"
Text = str | None


def _isoformat(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


#: A moment as the API has always written it (``isoformat``: ``+00:00``, not ``Z``).
Timestamp = Annotated[
    datetime,
    PlainSerializer(_isoformat, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def amount(description: str = 'Decimal string, e.g. "1250.00"', **kw: Any) -> Any:
    return Field(pattern=_DECIMAL, description=description, **kw)


def hideable(description: str | None = None) -> Any:
    """A response field the caller's field access may leave out (absent, not null)."""
    return Field(None, description=description)


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


class AddressOut(Schema):
    street: Text
    city: Text
    state: Text
    postal_code: Text
    country: Text


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
    number: str = hideable()
    status: str = hideable()
    account_id: UUID = hideable()
    contact_id: UUID | None = hideable()
    quote_id: UUID | None = hideable()
    sales_order_id: UUID | None = hideable()
    subject: Text = hideable()
    currency: str = hideable()
    invoice_date: date = hideable()
    due_date: date = hideable()
    payment_terms: str = hideable()
    billing_address: AddressOut | None = hideable()
    shipping_address: AddressOut | None = hideable()
    lines: list[LineOut] = hideable()
    discount_percent: str = hideable()
    subtotal: str = hideable()
    discount: str = hideable()
    tax: str = hideable()
    shipping: str = hideable()
    adjustment: str = hideable()
    total: str = hideable()
    amount_paid: str = hideable()
    amount_credited: str = hideable()
    balance: str = hideable()
    terms_conditions: Text = hideable()
    description: Text = hideable()
    issued_at: Timestamp | None = hideable()
    settled_on: date | None = hideable()
    overdue_since: date | None = hideable()
    dunning_level: int = hideable()
    last_reminder_on: date | None = hideable()
    account_name: Text = hideable("The customer's name as billed (the PDF's Bill to)")
    status_reason: Text = hideable("Why the system changed the status (e.g. superseded)")
    superseded_by_quote_id: UUID | None = hideable(
        "Set when a later version of the invoice's quote was approved"
    )
    owner_id: UUID = hideable()
    created_at: Timestamp = hideable()
    updated_at: Timestamp = hideable()
    version: int = hideable()


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
    number: str = hideable()
    account_id: UUID = hideable()
    amount: str = hideable()
    currency: str = hideable()
    method: str = hideable()
    reference: Text = hideable()
    client_reference: Text = hideable()
    received_on: date = hideable()
    allocations: list[AllocationOut] = hideable()
    allocated: str = hideable()
    unallocated: str = hideable()
    status: str = hideable()
    notes: Text = hideable()
    owner_id: UUID = hideable()
    created_at: Timestamp = hideable()
    updated_at: Timestamp = hideable()
    version: int = hideable()


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
    number: str = hideable()
    invoice_id: UUID = hideable()
    account_id: UUID = hideable()
    amount: str = hideable()
    currency: str = hideable()
    issued_on: date = hideable()
    reason: str = hideable()
    applied: str = hideable()
    to_credit: str = hideable()
    status: str = hideable()
    owner_id: UUID = hideable()
    created_at: Timestamp = hideable()
    updated_at: Timestamp = hideable()
    version: int = hideable()


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
    name: str = hideable()
    contact_name: Text = hideable()
    email: Text = hideable()
    phone: Text = hideable()
    website: Text = hideable()
    address: AddressOut | None = hideable()
    payment_terms: Text = hideable()
    gl_account: Text = hideable()
    category: Text = hideable()
    description: Text = hideable()
    created_at: Timestamp = hideable()
    updated_at: Timestamp = hideable()
    version: int = hideable()


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
    number: str = hideable()
    status: str = hideable()
    vendor_id: UUID = hideable()
    subject: Text = hideable()
    currency: str = hideable()
    order_date: date = hideable()
    expected_on: date | None = hideable()
    tracking_number: Text = hideable()
    carrier: Text = hideable()
    shipping_address: AddressOut | None = hideable()
    lines: list[LineOut] = hideable()
    discount_percent: str = hideable()
    subtotal: str = hideable()
    discount: str = hideable()
    tax: str = hideable()
    shipping: str = hideable()
    adjustment: str = hideable()
    total: str = hideable()
    description: Text = hideable()
    owner_id: UUID = hideable()
    created_at: Timestamp = hideable()
    updated_at: Timestamp = hideable()
    version: int = hideable()


class PurchaseOrderListQuery(ListQuery):
    vendor_id: UUID | None = None
    owner_id: UUID | None = None
    status: list[str] = Field(default_factory=list, description="One or more statuses")
    currency: str | None = None
