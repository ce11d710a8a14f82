"""Domain objects to response bodies (shaped like the schemas in ``schemas.py``).

Bodies are dicts so that field access can leave hidden fields out; the chassis validates
each against the route's declared schema on its way out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from crm_billing.domain.collections import BUCKETS, Ageing, AgeingRow
from crm_billing.domain.credit_notes import CreditNote
from crm_billing.domain.invoices import Invoice
from crm_billing.domain.kpis import Kpis
from crm_billing.domain.lines import Line
from crm_billing.domain.payments import Payment
from crm_billing.domain.purchase_orders import PurchaseOrder
from crm_billing.domain.vendors import Vendor
from crm_chassis.fields import Address
from crm_chassis.money import format_amount

BUCKET_NAMES = {
    "current": "current",
    "1_30": "days_1_30",
    "31_60": "days_31_60",
    "61_90": "days_61_90",
    "over_90": "days_over_90",
}


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _address(value: Address | None) -> dict[str, str | None] | None:
    return value.as_dict() if value else None


def line_out(x: Line) -> dict[str, Any]:
    return {
        "position": x.position,
        "product_id": x.product_id,
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


def _totals(doc: Any) -> dict[str, str]:
    t, cur = doc.totals, doc.currency
    return {
        "discount_percent": str(doc.discount_percent),
        "subtotal": format_amount(t.subtotal, cur),
        "discount": format_amount(t.discount, cur),
        "tax": format_amount(t.tax, cur),
        "shipping": format_amount(t.shipping, cur),
        "adjustment": format_amount(t.adjustment, cur),
        "total": format_amount(t.total, cur),
    }


def invoice_out(i: Invoice) -> dict[str, Any]:
    cur = i.currency
    return {
        "id": i.id,
        "number": i.number,
        "status": i.status,
        "account_id": i.account_id,
        "contact_id": i.contact_id,
        "quote_id": i.quote_id,
        "sales_order_id": i.sales_order_id,
        "subject": i.subject,
        "currency": cur,
        "invoice_date": i.invoice_date,
        "due_date": i.due_date,
        "payment_terms": i.payment_terms,
        "billing_address": _address(i.billing_address),
        "shipping_address": _address(i.shipping_address),
        "lines": [line_out(x) for x in i.lines],
        **_totals(i),
        "amount_paid": format_amount(i.amount_paid, cur),
        "amount_credited": format_amount(i.amount_credited, cur),
        "balance": format_amount(i.balance, cur),
        "terms_conditions": i.terms_conditions,
        "description": i.description,
        "issued_at": i.issued_at,
        "settled_on": i.settled_on,
        "overdue_since": i.overdue_since,
        "dunning_level": i.dunning_level,
        "last_reminder_on": i.last_reminder_on,
        "account_name": i.account_name,
        "status_reason": i.status_reason,
        "superseded_by_quote_id": i.superseded_by_quote_id,
        "owner_id": i.owner_id,
        "created_at": i.created_at,
        "updated_at": i.updated_at,
        "version": i.version,
    }


def payment_out(p: Payment) -> dict[str, Any]:
    cur = p.currency
    return {
        "id": p.id,
        "number": p.number,
        "account_id": p.account_id,
        "amount": format_amount(p.amount, cur),
        "currency": cur,
        "method": p.method,
        "reference": p.reference,
        "client_reference": p.client_reference,
        "received_on": p.received_on,
        "allocations": [
            {
                "invoice_id": a.invoice_id,
                "amount": format_amount(a.amount, cur),
                "allocated_on": a.allocated_on,
            }
            for a in p.allocations
        ],
        "allocated": format_amount(p.allocated, cur),
        "unallocated": format_amount(p.unallocated, cur),
        "status": p.status,
        "notes": p.notes,
        "owner_id": p.owner_id,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "version": p.version,
    }


def credit_note_out(n: CreditNote) -> dict[str, Any]:
    cur = n.currency
    return {
        "id": n.id,
        "number": n.number,
        "invoice_id": n.invoice_id,
        "account_id": n.account_id,
        "amount": format_amount(n.amount, cur),
        "currency": cur,
        "issued_on": n.issued_on,
        "reason": n.reason,
        "applied": format_amount(n.applied, cur),
        "to_credit": format_amount(n.to_credit, cur),
        "status": n.status,
        "owner_id": n.owner_id,
        "created_at": n.created_at,
        "updated_at": n.updated_at,
        "version": n.version,
    }


def vendor_out(v: Vendor) -> dict[str, Any]:
    return {
        "id": v.id,
        "name": v.name,
        "contact_name": v.contact_name,
        "email": v.email,
        "phone": v.phone,
        "website": v.website,
        "address": _address(v.address),
        "payment_terms": v.payment_terms,
        "gl_account": v.gl_account,
        "category": v.category,
        "description": v.description,
        "created_at": v.created_at,
        "updated_at": v.updated_at,
        "version": v.version,
    }


def purchase_order_out(o: PurchaseOrder) -> dict[str, Any]:
    return {
        "id": o.id,
        "number": o.number,
        "status": o.status,
        "vendor_id": o.vendor_id,
        "subject": o.subject,
        "currency": o.currency,
        "order_date": o.order_date,
        "expected_on": o.expected_on,
        "tracking_number": o.tracking_number,
        "carrier": o.carrier,
        "shipping_address": _address(o.shipping_address),
        "lines": [line_out(x) for x in o.lines],
        **_totals(o),
        "description": o.description,
        "owner_id": o.owner_id,
        "created_at": o.created_at,
        "updated_at": o.updated_at,
        "version": o.version,
    }


def _row(row: AgeingRow) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if row.account_id is not None:
        out["account_id"] = row.account_id
    out["currency"] = row.currency
    for key in BUCKETS:
        out[BUCKET_NAMES[key]] = format_amount(row.buckets[key], row.currency)
    out["total"] = format_amount(row.total, row.currency)
    out["invoices"] = row.invoices
    return out


def ageing_out(report: Ageing) -> dict[str, Any]:
    return {
        "as_of": report.as_of,
        "buckets": list(BUCKET_NAMES.values()),
        "accounts": [_row(r) for r in report.accounts],
        "totals": [_row(r) for r in report.totals],
    }


def kpis_out(start: date, end: date, granularity: str, items: list[Kpis]) -> dict[str, Any]:
    def one(k: Kpis) -> dict[str, Any]:
        cur = k.currency
        return {
            "currency": cur,
            "revenue": format_amount(k.revenue, cur),
            "revenue_by_period": [
                {"period": p, "amount": format_amount(a, cur)}
                for p, a in k.revenue_by_period.items()
            ],
            "receivables_start": format_amount(k.receivables_start, cur),
            "outstanding_receivables": format_amount(k.outstanding_receivables, cur),
            "collected": format_amount(k.collected, cur),
            "dso_days": _s(k.dso_days),
            "collection_rate": _s(k.collection_rate),
        }

    return {
        "from": start,
        "to": end,
        "granularity": granularity,
        "currencies": [one(k) for k in items],
    }


def credit_out(account_id: Any, credit: dict[str, Decimal]) -> dict[str, Any]:
    return {
        "account_id": account_id,
        "credit": [
            {"currency": c, "amount": format_amount(a, c)} for c, a in sorted(credit.items())
        ],
    }
