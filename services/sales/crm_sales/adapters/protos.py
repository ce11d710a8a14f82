"""Domain objects to generated proto messages (events and gRPC answers)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from crm.sales.v1 import events_pb2 as ev


def timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(value)
    return ts


def s(value: Any) -> str:
    """Proto3 strings have no null: None becomes ''."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def address(value: Any) -> ev.SalesAddress:
    if value is None:
        return ev.SalesAddress()
    data = value if isinstance(value, dict) else value.as_dict()
    return ev.SalesAddress(
        **{k: s(data.get(k)) for k in ("street", "city", "state", "postal_code", "country")}
    )


def opportunity(o: Any) -> ev.Opportunity:
    return ev.Opportunity(
        id=s(o.id),
        name=o.name,
        account_id=s(o.account_id),
        contact_id=s(o.contact_id),
        amount=s(o.amount),
        currency=s(o.currency),
        expected_close_date=o.expected_close_date.isoformat() if o.expected_close_date else "",
        sales_stage=o.sales_stage,
        probability=o.probability,
        lead_source=s(o.lead_source),
        campaign_id=s(o.campaign_id),
        owner_id=s(o.owner_id),
        lead_id=s(o.lead_id),
        lost_reason=s(o.lost_reason),
        version=o.version,
        updated_at=timestamp(o.updated_at),
    )


def line(ln: Any) -> ev.QuoteLine:
    return ev.QuoteLine(
        line_id=s(ln.id),
        position=ln.position,
        product_id=s(ln.product_id),
        product_code=ln.product_code,
        product_name=ln.product_name,
        description=s(ln.description),
        quantity=s(ln.quantity),
        usage_unit=s(ln.usage_unit),
        unit_price=s(ln.unit_price),
        discount_percent=s(ln.discount_percent),
        discount_amount=s(ln.discount_amount),
        tax_class=s(ln.tax_class),
        tax_percent=s(ln.tax_percent),
        gross_total=s(ln.gross_total),
        net_total=s(ln.net_total),
        tax_amount=s(ln.tax_amount),
        total=s(ln.total),
    )


def totals(doc: Any) -> dict[str, str]:
    return {
        k: s(getattr(doc, k))
        for k in (
            "subtotal",
            "discount_total",
            "tax_total",
            "shipping",
            "adjustment",
            "grand_total",
        )
    }


def quote_approved(q: Any) -> ev.QuoteApproved:
    return ev.QuoteApproved(
        quote_id=s(q.id),
        number=q.number,
        version=q.quote_version,
        subject=s(q.subject),
        account_id=s(q.account_id),
        contact_id=s(q.contact_id),
        opportunity_id=s(q.opportunity_id),
        price_book_id=s(q.price_book_id),
        currency=q.currency,
        billing_address=address(q.billing_address),
        shipping_address=address(q.shipping_address),
        lines=[line(x) for x in q.lines],
        payment_terms=s(q.payment_terms),
        terms_and_conditions=s(q.terms_and_conditions),
        valid_until=q.valid_until.isoformat() if q.valid_until else "",
        owner_id=s(q.owner_id),
        approved_by=s(q.approved_by),
        approved_at=timestamp(q.approved_at),
        **totals(q),
    )


def order_created(o: Any) -> ev.OrderCreated:
    return ev.OrderCreated(
        order_id=s(o.id),
        number=o.number,
        status=o.status,
        quote_id=s(o.quote_id),
        quote_number=o.quote_number,
        account_id=s(o.account_id),
        contact_id=s(o.contact_id),
        opportunity_id=s(o.opportunity_id),
        currency=o.currency,
        billing_address=address(o.billing_address),
        shipping_address=address(o.shipping_address),
        lines=[line(x) for x in o.lines],
        payment_terms=s(o.payment_terms),
        due_date=o.due_date.isoformat() if o.due_date else "",
        recurring_frequency=s(o.recurring_frequency),
        owner_id=s(o.owner_id),
        created_by=s(o.created_by),
        created_at=timestamp(o.created_at),
        **totals(o),
    )
