"""Request bodies (``schemas.py``) to commands and list parameters.

Amounts arrive as decimal strings the schemas checked; a line's quantity may also be a
whole number or any string, so it is parsed here (422 naming ``lines[i].quantity``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crm_billing.api.schemas import (
    AllocationIn,
    CreditNoteCreate,
    InvoiceCreate,
    InvoicePatch,
    LineIn,
    PaymentCreate,
    PurchaseOrderCreate,
    PurchaseOrderPatch,
    VendorCreate,
    VendorPatch,
)
from crm_billing.domain.commands import IssueCreditNote, RecordPayment
from crm_billing.domain.invoices import InvoiceFields
from crm_billing.domain.lines import PLACES, LineInput
from crm_billing.domain.payments import Requested
from crm_billing.domain.purchase_orders import PurchaseOrderFields
from crm_billing.domain.vendors import VendorFields
from crm_chassis import context
from crm_chassis.fields import Address, Checker
from crm_chassis.http import AddressIn, Schema
from crm_chassis.pagination import ListParams


def decimal(value: str | None) -> Decimal | None:
    """An amount the schema checked (``^-?digits(.digits)?$``), or None."""
    return None if value is None else Decimal(value)


def address(value: AddressIn | None) -> Address | None:
    return None if value is None else Address.of(value.model_dump())


def lines(items: list[LineIn] | None) -> tuple[LineInput, ...]:
    """The lines with their decimals parsed (every bad quantity named in one 422)."""
    check = Checker()
    out = tuple(
        LineInput(
            description=x.description,
            quantity=check.decimal(f"lines[{n}].quantity", x.quantity, places=PLACES),
            unit_price=decimal(x.unit_price),
            discount_percent=decimal(x.discount_percent),
            discount_amount=decimal(x.discount_amount),
            tax_percent=decimal(x.tax_percent),
            product_id=x.product_id,
            unit=x.unit,
        )
        for n, x in enumerate(items or ())
    )
    check.raise_if_any()
    return out


def sent(body: Schema, *besides: str) -> frozenset[str]:
    """The fields the client sent (a PATCH changes only those), ``besides`` left out."""
    return frozenset(body.model_fields_set - set(besides))


def invoice_fields(body: InvoiceCreate | InvoicePatch) -> InvoiceFields:
    return InvoiceFields(
        account_id=body.account_id,
        contact_id=body.contact_id,
        subject=body.subject,
        currency=body.currency,
        invoice_date=body.invoice_date,
        due_date=body.due_date,
        payment_terms=body.payment_terms,
        billing_address=address(body.billing_address),
        shipping_address=address(body.shipping_address),
        lines=lines(body.lines),
        discount_percent=decimal(body.discount_percent),
        discount_amount=decimal(body.discount_amount),
        shipping=decimal(body.shipping),
        adjustment=decimal(body.adjustment),
        terms_conditions=body.terms_conditions,
        description=body.description,
        owner_id=body.owner_id,
    )


def requested(items: list[AllocationIn] | None) -> tuple[Requested, ...] | None:
    """The allocations asked for; None (not sent) means "the oldest due invoices first"."""
    if items is None:
        return None
    return tuple(Requested(invoice_id=x.invoice_id, amount=decimal(x.amount)) for x in items)


def record_payment(body: PaymentCreate) -> RecordPayment:
    return RecordPayment(
        account_id=body.account_id,
        amount=decimal(body.amount),
        currency=body.currency,
        method=body.method,
        reference=body.reference,
        client_reference=body.client_reference,
        received_on=body.received_on,
        notes=body.notes,
        allocations=requested(body.allocations),
        owner_id=body.owner_id,
        token=context.caller_token(),
    )


def issue_credit_note(body: CreditNoteCreate) -> IssueCreditNote:
    return IssueCreditNote(
        invoice_id=body.invoice_id,
        amount=decimal(body.amount),
        reason=body.reason,
        currency=body.currency,
        issued_on=body.issued_on,
    )


def vendor_fields(body: VendorCreate | VendorPatch) -> VendorFields:
    return VendorFields(
        name=body.name,
        contact_name=body.contact_name,
        email=body.email,
        phone=body.phone,
        website=body.website,
        address=address(body.address),
        payment_terms=body.payment_terms,
        gl_account=body.gl_account,
        category=body.category,
        description=body.description,
    )


def purchase_order_fields(body: PurchaseOrderCreate | PurchaseOrderPatch) -> PurchaseOrderFields:
    return PurchaseOrderFields(
        vendor_id=body.vendor_id,
        subject=body.subject,
        currency=body.currency,
        order_date=body.order_date,
        expected_on=body.expected_on,
        tracking_number=body.tracking_number,
        carrier=body.carrier,
        shipping_address=address(body.shipping_address),
        lines=lines(body.lines),
        discount_percent=decimal(body.discount_percent),
        discount_amount=decimal(body.discount_amount),
        shipping=decimal(body.shipping),
        adjustment=decimal(body.adjustment),
        description=body.description,
        owner_id=body.owner_id,
    )


def list_params(query: Schema, filter_names: tuple[str, ...]) -> ListParams:
    """Paging, sort, search and the named filters of a list query (empty filters dropped)."""
    values: dict[str, Any] = query.model_dump()
    return ListParams(
        limit=values["limit"],
        cursor=values.get("cursor"),
        sort=values.get("sort"),
        q=values.get("q"),
        updated_since=values.get("updated_since"),
        filters={k: values[k] for k in filter_names if values.get(k) not in (None, [])},
    )
