"""Domain objects to generated proto messages (events and gRPC answers).

Scalar conversions (timestamps, optional strings) are the chassis's (crm_chassis.grpc.convert).
"""

from __future__ import annotations

from typing import Any

from crm.sales.v1 import events_pb2 as ev
from crm_chassis.grpc.convert import optional_timestamp, text


def address(value: Any) -> ev.SalesAddress:
    if value is None:
        return ev.SalesAddress()
    data = value if isinstance(value, dict) else value.as_dict()
    return ev.SalesAddress(
        **{k: text(data.get(k)) for k in ("street", "city", "state", "postal_code", "country")}
    )


def opportunity(o: Any) -> ev.Opportunity:
    return ev.Opportunity(
        id=text(o.id),
        name=o.name,
        account_id=text(o.account_id),
        contact_id=text(o.contact_id),
        amount=text(o.amount),
        currency=text(o.currency),
        expected_close_date=o.expected_close_date.isoformat() if o.expected_close_date else "",
        sales_stage=o.sales_stage,
        probability=o.probability,
        lead_source=text(o.lead_source),
        campaign_id=text(o.campaign_id),
        owner_id=text(o.owner_id),
        lead_id=text(o.lead_id),
        lost_reason=text(o.lost_reason),
        version=o.version,
        updated_at=optional_timestamp(o.updated_at),
    )


def line(ln: Any) -> ev.QuoteLine:
    return ev.QuoteLine(
        line_id=text(ln.id),
        position=ln.position,
        product_id=text(ln.product_id),
        product_code=ln.product_code,
        product_name=ln.product_name,
        description=text(ln.description),
        quantity=text(ln.quantity),
        usage_unit=text(ln.usage_unit),
        unit_price=text(ln.unit_price),
        discount_percent=text(ln.discount_percent),
        discount_amount=text(ln.discount_amount),
        tax_class=text(ln.tax_class),
        tax_percent=text(ln.tax_percent),
        gross_total=text(ln.gross_total),
        net_total=text(ln.net_total),
        tax_amount=text(ln.tax_amount),
        total=text(ln.total),
    )


def totals(doc: Any) -> dict[str, str]:
    return {
        k: text(getattr(doc, k))
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
        quote_id=text(q.id),
        number=q.number,
        version=q.quote_version,
        subject=text(q.subject),
        account_id=text(q.account_id),
        contact_id=text(q.contact_id),
        opportunity_id=text(q.opportunity_id),
        price_book_id=text(q.price_book_id),
        currency=q.currency,
        billing_address=address(q.billing_address),
        shipping_address=address(q.shipping_address),
        lines=[line(x) for x in q.lines],
        payment_terms=text(q.payment_terms),
        terms_and_conditions=text(q.terms_and_conditions),
        valid_until=q.valid_until.isoformat() if q.valid_until else "",
        owner_id=text(q.owner_id),
        approved_by=text(q.approved_by),
        approved_at=optional_timestamp(q.approved_at),
        **totals(q),
    )


def order_created(o: Any) -> ev.OrderCreated:
    return ev.OrderCreated(
        order_id=text(o.id),
        number=o.number,
        status=o.status,
        quote_id=text(o.quote_id),
        quote_number=o.quote_number,
        account_id=text(o.account_id),
        contact_id=text(o.contact_id),
        opportunity_id=text(o.opportunity_id),
        currency=o.currency,
        billing_address=address(o.billing_address),
        shipping_address=address(o.shipping_address),
        lines=[line(x) for x in o.lines],
        payment_terms=text(o.payment_terms),
        due_date=o.due_date.isoformat() if o.due_date else "",
        recurring_frequency=text(o.recurring_frequency),
        owner_id=text(o.owner_id),
        created_by=text(o.created_by),
        created_at=optional_timestamp(o.created_at),
        **totals(o),
    )
