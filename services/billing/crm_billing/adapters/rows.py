"""Mapping between table rows and domain objects (both directions)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_billing.domain.collections import Reminder
from crm_billing.domain.credit_notes import CreditNote
from crm_billing.domain.invoices import Invoice
from crm_billing.domain.lines import Line, Totals
from crm_billing.domain.payments import Allocation, Payment
from crm_billing.domain.purchase_orders import PurchaseOrder
from crm_billing.domain.vendors import Vendor
from crm_chassis.fields import Address


def _address(value: Address | None) -> dict[str, Any] | None:
    return value.as_dict() if value else None


def line_values(x: Line) -> dict[str, Any]:
    """A line as stored in a document's ``lines`` JSON (decimals as strings)."""
    return {
        "position": x.position,
        "product_id": str(x.product_id) if x.product_id else None,
        "description": x.description,
        "unit": x.unit,
        "quantity": str(x.quantity),
        "unit_price": str(x.unit_price),
        "discount_percent": str(x.discount_percent),
        "discount_amount": str(x.discount_amount),
        "tax_percent": str(x.tax_percent),
        "gross": str(x.gross),
        "net": str(x.net),
        "tax": str(x.tax),
    }


def line_from_values(data: dict[str, Any]) -> Line:
    """Rebuild a stored line (no checks: it was valid when written)."""
    return Line(
        position=int(data["position"]),
        description=data["description"],
        unit=data.get("unit"),
        product_id=UUID(data["product_id"]) if data.get("product_id") else None,
        quantity=Decimal(data["quantity"]),
        unit_price=Decimal(data["unit_price"]),
        discount_percent=Decimal(data.get("discount_percent") or 0),
        discount_amount=Decimal(data.get("discount_amount") or 0),
        tax_percent=Decimal(data.get("tax_percent") or 0),
        gross=Decimal(data["gross"]),
        net=Decimal(data["net"]),
        tax=Decimal(data["tax"]),
    )


def reminder_from_row(row: Any) -> Reminder:
    return Reminder(
        invoice_id=row.invoice_id,
        level=row.level,
        reminded_on=row.reminded_on,
        days_overdue=row.days_overdue,
    )


def _totals_values(t: Totals) -> dict[str, str]:
    return {
        "subtotal": str(t.subtotal),
        "discount_total": str(t.discount),
        "tax_total": str(t.tax),
        "total": str(t.total),
    }


def _totals(row: Any) -> Totals:
    return Totals(
        subtotal=Decimal(row.subtotal),
        discount=Decimal(row.discount_total),
        tax=Decimal(row.tax_total),
        shipping=Decimal(row.shipping),
        adjustment=Decimal(row.adjustment),
        total=Decimal(row.total),
    )


def invoice_values(i: Invoice) -> dict[str, Any]:
    return {
        "id": i.id,
        "number": i.number,
        "owner_id": i.owner_id,
        "account_id": i.account_id,
        "contact_id": i.contact_id,
        "quote_id": i.quote_id,
        "sales_order_id": i.sales_order_id,
        "subject": i.subject,
        "status": i.status,
        "currency": i.currency,
        "invoice_date": i.invoice_date,
        "due_date": i.due_date,
        "payment_terms": i.payment_terms,
        "billing_address": _address(i.billing_address),
        "shipping_address": _address(i.shipping_address),
        "lines": [line_values(line) for line in i.lines],
        "discount_percent": str(i.discount_percent),
        "discount_amount": str(i.discount_amount),
        "shipping": str(i.totals.shipping),
        "adjustment": str(i.totals.adjustment),
        **_totals_values(i.totals),
        "amount_paid": str(i.amount_paid),
        "amount_credited": str(i.amount_credited),
        "balance": str(i.balance),
        "terms_conditions": i.terms_conditions,
        "description": i.description,
        "issued_at": i.issued_at,
        "settled_on": i.settled_on,
        "overdue_since": i.overdue_since,
        "dunning_level": i.dunning_level,
        "last_reminder_on": i.last_reminder_on,
        "account_name": i.account_name,
        "quote_number": i.quote_number,
        "quote_version": i.quote_version,
        "status_reason": i.status_reason,
        "superseded_by_quote_id": i.superseded_by_quote_id,
        "search_text": i.search_text,
        "created_at": i.created_at,
        "updated_at": i.updated_at,
        "version": i.version,
    }


def invoice_from_row(row: Any) -> Invoice:
    return Invoice(
        id=row.id,
        number=row.number,
        owner_id=row.owner_id,
        account_id=row.account_id,
        contact_id=row.contact_id,
        quote_id=row.quote_id,
        sales_order_id=row.sales_order_id,
        subject=row.subject,
        status=row.status,
        currency=row.currency,
        invoice_date=row.invoice_date,
        due_date=row.due_date,
        payment_terms=row.payment_terms,
        billing_address=Address.of(row.billing_address),
        shipping_address=Address.of(row.shipping_address),
        lines=[line_from_values(x) for x in row.lines],
        discount_percent=Decimal(row.discount_percent),
        discount_amount=Decimal(row.discount_amount),
        shipping=Decimal(row.shipping),
        adjustment=Decimal(row.adjustment),
        totals=_totals(row),
        amount_paid=Decimal(row.amount_paid),
        amount_credited=Decimal(row.amount_credited),
        terms_conditions=row.terms_conditions,
        description=row.description,
        issued_at=row.issued_at,
        settled_on=row.settled_on,
        overdue_since=row.overdue_since,
        dunning_level=row.dunning_level,
        last_reminder_on=row.last_reminder_on,
        account_name=row.account_name,
        quote_number=row.quote_number,
        quote_version=row.quote_version,
        status_reason=row.status_reason,
        superseded_by_quote_id=row.superseded_by_quote_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def payment_values(p: Payment) -> dict[str, Any]:
    return {
        "id": p.id,
        "number": p.number,
        "owner_id": p.owner_id,
        "account_id": p.account_id,
        "amount": str(p.amount),
        "currency": p.currency,
        "method": p.method,
        "reference": p.reference,
        "client_reference": p.client_reference,
        "received_on": p.received_on,
        "unallocated": str(p.unallocated),
        "notes": p.notes,
        "search_text": p.search_text,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "version": p.version,
    }


def payment_from_row(row: Any, allocations: list[Any]) -> Payment:
    return Payment(
        id=row.id,
        number=row.number,
        owner_id=row.owner_id,
        account_id=row.account_id,
        amount=Decimal(row.amount),
        currency=row.currency,
        method=row.method,
        reference=row.reference,
        client_reference=row.client_reference,
        received_on=row.received_on,
        notes=row.notes,
        allocations=[
            Allocation(a.invoice_id, Decimal(a.amount), a.allocated_on) for a in allocations
        ],
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def credit_note_values(n: CreditNote) -> dict[str, Any]:
    return {
        "id": n.id,
        "number": n.number,
        "invoice_id": n.invoice_id,
        "account_id": n.account_id,
        "owner_id": n.owner_id,
        "amount": str(n.amount),
        "currency": n.currency,
        "issued_on": n.issued_on,
        "reason": n.reason,
        "applied": str(n.applied),
        "to_credit": str(n.to_credit),
        "status": n.status,
        "created_at": n.created_at,
        "updated_at": n.updated_at,
        "version": n.version,
    }


def credit_note_from_row(row: Any) -> CreditNote:
    return CreditNote(
        id=row.id,
        number=row.number,
        invoice_id=row.invoice_id,
        account_id=row.account_id,
        owner_id=row.owner_id,
        amount=Decimal(row.amount),
        currency=row.currency,
        issued_on=row.issued_on,
        reason=row.reason,
        applied=Decimal(row.applied),
        to_credit=Decimal(row.to_credit),
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def vendor_values(v: Vendor) -> dict[str, Any]:
    return {
        "id": v.id,
        "name": v.name,
        "name_key": v.name.lower(),
        "contact_name": v.contact_name,
        "email": v.email,
        "phone": v.phone,
        "website": v.website,
        "address": _address(v.address),
        "payment_terms": v.payment_terms,
        "gl_account": v.gl_account,
        "category": v.category,
        "description": v.description,
        "search_text": v.search_text,
        "created_at": v.created_at,
        "updated_at": v.updated_at,
        "version": v.version,
    }


def vendor_from_row(row: Any) -> Vendor:
    return Vendor(
        id=row.id,
        name=row.name,
        contact_name=row.contact_name,
        email=row.email,
        phone=row.phone,
        website=row.website,
        address=Address.of(row.address),
        payment_terms=row.payment_terms,
        gl_account=row.gl_account,
        category=row.category,
        description=row.description,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def purchase_order_values(o: PurchaseOrder) -> dict[str, Any]:
    return {
        "id": o.id,
        "number": o.number,
        "vendor_id": o.vendor_id,
        "owner_id": o.owner_id,
        "status": o.status,
        "currency": o.currency,
        "order_date": o.order_date,
        "expected_on": o.expected_on,
        "subject": o.subject,
        "tracking_number": o.tracking_number,
        "carrier": o.carrier,
        "shipping_address": _address(o.shipping_address),
        "lines": [line_values(line) for line in o.lines],
        "discount_percent": str(o.discount_percent),
        "discount_amount": str(o.discount_amount),
        "shipping": str(o.totals.shipping),
        "adjustment": str(o.totals.adjustment),
        **_totals_values(o.totals),
        "description": o.description,
        "search_text": o.search_text,
        "created_at": o.created_at,
        "updated_at": o.updated_at,
        "version": o.version,
    }


def purchase_order_from_row(row: Any) -> PurchaseOrder:
    return PurchaseOrder(
        id=row.id,
        number=row.number,
        vendor_id=row.vendor_id,
        owner_id=row.owner_id,
        status=row.status,
        currency=row.currency,
        order_date=row.order_date,
        expected_on=row.expected_on,
        subject=row.subject,
        tracking_number=row.tracking_number,
        carrier=row.carrier,
        shipping_address=Address.of(row.shipping_address),
        lines=[line_from_values(x) for x in row.lines],
        discount_percent=Decimal(row.discount_percent),
        discount_amount=Decimal(row.discount_amount),
        shipping=Decimal(row.shipping),
        adjustment=Decimal(row.adjustment),
        totals=_totals(row),
        description=row.description,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )
