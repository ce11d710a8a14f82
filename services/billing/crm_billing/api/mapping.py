"""Domain objects to response bodies, request bodies to use-case input."""

from __future__ import annotations

from typing import Any

from crm_access import FieldAccess
from crm_billing.domain.collections import BUCKETS, Ageing, AgeingRow
from crm_billing.domain.credit_notes import CreditNote
from crm_billing.domain.invoices import Invoice
from crm_billing.domain.kpis import Kpis
from crm_billing.domain.lines import Line
from crm_billing.domain.money import format_amount
from crm_billing.domain.payments import Payment
from crm_billing.domain.purchase_orders import PurchaseOrder
from crm_billing.domain.vendors import Vendor
from crm_billing.service.queries import ListParams
from crm_chassis.http import Schema

BUCKET_NAMES = {
    "current": "current",
    "1_30": "days_1_30",
    "31_60": "days_31_60",
    "61_90": "days_61_90",
    "over_90": "days_over_90",
}


def _s(value: Any) -> Any:
    return None if value is None else str(value)


def _iso(value: Any) -> Any:
    return None if value is None else value.isoformat()


def line_out(x: Line) -> dict[str, Any]:
    return x.as_dict()


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
        "id": str(i.id),
        "number": i.number,
        "status": i.status,
        "account_id": str(i.account_id),
        "contact_id": _s(i.contact_id),
        "quote_id": _s(i.quote_id),
        "sales_order_id": _s(i.sales_order_id),
        "subject": i.subject,
        "currency": cur,
        "invoice_date": _iso(i.invoice_date),
        "due_date": _iso(i.due_date),
        "payment_terms": i.payment_terms,
        "billing_address": i.billing_address.as_dict() if i.billing_address else None,
        "shipping_address": i.shipping_address.as_dict() if i.shipping_address else None,
        "lines": [line_out(x) for x in i.lines],
        **_totals(i),
        "amount_paid": format_amount(i.amount_paid, cur),
        "amount_credited": format_amount(i.amount_credited, cur),
        "balance": format_amount(i.balance, cur),
        "terms_conditions": i.terms_conditions,
        "description": i.description,
        "issued_at": _iso(i.issued_at),
        "settled_on": _iso(i.settled_on),
        "overdue_since": _iso(i.overdue_since),
        "dunning_level": i.dunning_level,
        "last_reminder_on": _iso(i.last_reminder_on),
        "owner_id": str(i.owner_id),
        "created_at": _iso(i.created_at),
        "updated_at": _iso(i.updated_at),
        "version": i.version,
    }


def payment_out(p: Payment) -> dict[str, Any]:
    cur = p.currency
    return {
        "id": str(p.id),
        "number": p.number,
        "account_id": str(p.account_id),
        "amount": format_amount(p.amount, cur),
        "currency": cur,
        "method": p.method,
        "reference": p.reference,
        "client_reference": p.client_reference,
        "received_on": _iso(p.received_on),
        "allocations": [
            {
                "invoice_id": str(a.invoice_id),
                "amount": format_amount(a.amount, cur),
                "allocated_on": _iso(a.allocated_on),
            }
            for a in p.allocations
        ],
        "allocated": format_amount(p.allocated, cur),
        "unallocated": format_amount(p.unallocated, cur),
        "notes": p.notes,
        "owner_id": str(p.owner_id),
        "created_at": _iso(p.created_at),
        "updated_at": _iso(p.updated_at),
        "version": p.version,
    }


def credit_note_out(n: CreditNote) -> dict[str, Any]:
    cur = n.currency
    return {
        "id": str(n.id),
        "number": n.number,
        "invoice_id": str(n.invoice_id),
        "account_id": str(n.account_id),
        "amount": format_amount(n.amount, cur),
        "currency": cur,
        "issued_on": _iso(n.issued_on),
        "reason": n.reason,
        "applied": format_amount(n.applied, cur),
        "to_credit": format_amount(n.to_credit, cur),
        "status": n.status,
        "owner_id": str(n.owner_id),
        "created_at": _iso(n.created_at),
        "updated_at": _iso(n.updated_at),
        "version": n.version,
    }


def vendor_out(v: Vendor) -> dict[str, Any]:
    return {
        "id": str(v.id),
        "name": v.name,
        "contact_name": v.contact_name,
        "email": v.email,
        "phone": v.phone,
        "website": v.website,
        "address": v.address.as_dict() if v.address else None,
        "payment_terms": v.payment_terms,
        "gl_account": v.gl_account,
        "category": v.category,
        "description": v.description,
        "created_at": _iso(v.created_at),
        "updated_at": _iso(v.updated_at),
        "version": v.version,
    }


def purchase_order_out(o: PurchaseOrder) -> dict[str, Any]:
    return {
        "id": str(o.id),
        "number": o.number,
        "status": o.status,
        "vendor_id": str(o.vendor_id),
        "subject": o.subject,
        "currency": o.currency,
        "order_date": _iso(o.order_date),
        "expected_on": _iso(o.expected_on),
        "tracking_number": o.tracking_number,
        "carrier": o.carrier,
        "shipping_address": o.shipping_address.as_dict() if o.shipping_address else None,
        "lines": [line_out(x) for x in o.lines],
        **_totals(o),
        "description": o.description,
        "owner_id": str(o.owner_id),
        "created_at": _iso(o.created_at),
        "updated_at": _iso(o.updated_at),
        "version": o.version,
    }


def _row(row: AgeingRow) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if row.account_id is not None:
        out["account_id"] = str(row.account_id)
    out["currency"] = row.currency
    for key in BUCKETS:
        out[BUCKET_NAMES[key]] = format_amount(row.buckets[key], row.currency)
    out["total"] = format_amount(row.total, row.currency)
    out["invoices"] = row.invoices
    return out


def ageing_out(report: Ageing) -> dict[str, Any]:
    return {
        "as_of": report.as_of.isoformat(),
        "buckets": list(BUCKET_NAMES.values()),
        "accounts": [_row(r) for r in report.accounts],
        "totals": [_row(r) for r in report.totals],
    }


def kpis_out(start: Any, end: Any, granularity: str, items: list[Kpis]) -> dict[str, Any]:
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
        "from": start.isoformat(),
        "to": end.isoformat(),
        "granularity": granularity,
        "currencies": [one(k) for k in items],
    }


def shown(body: dict[str, Any], access: FieldAccess) -> dict[str, Any]:
    """The JSON body without the fields the caller may not see (field access)."""
    return access.redact(body)


def fields(body: Schema) -> dict[str, Any]:
    """The fields the client actually sent (a PATCH changes only those), JSON-shaped."""
    return body.model_dump(mode="json", exclude_unset=True)


def list_params(query: Schema, filter_names: tuple[str, ...]) -> ListParams:
    values = query.model_dump()
    return ListParams(
        limit=values["limit"],
        cursor=values.get("cursor"),
        sort=values.get("sort"),
        q=values.get("q"),
        updated_since=values.get("updated_since"),
        filters={k: values[k] for k in filter_names if values.get(k) not in (None, [])},
    )
