"""Domain objects to BillingService's proto messages, and RecordPayment to its command.

Scalar conversions (timestamps, optional strings) are the chassis's (crm_chassis.grpc.convert).
"""

from __future__ import annotations

from typing import Any

from crm.billing.v1 import billing_pb2 as pb
from crm_billing.domain.commands import RecordPayment
from crm_billing.domain.invoices import Invoice
from crm_billing.domain.lines import Line, Totals
from crm_billing.domain.payments import Payment, Requested
from crm_billing.domain.purchase_orders import PurchaseOrder
from crm_billing.domain.vendors import Vendor
from crm_chassis.fields import Address, Checker
from crm_chassis.grpc.convert import text, timestamp


def address(value: Address | None) -> pb.BillingAddress | None:
    if value is None:
        return None
    return pb.BillingAddress(**{k: v for k, v in value.as_dict().items() if v is not None})


def line(x: Line) -> pb.DocumentLine:
    return pb.DocumentLine(
        position=x.position,
        product_id=text(x.product_id),
        description=x.description,
        unit=text(x.unit),
        quantity=str(x.quantity),
        unit_price=str(x.unit_price),
        discount_percent=str(x.discount_percent),
        discount_amount=str(x.discount_amount),
        tax_percent=str(x.tax_percent),
        gross=str(x.gross),
        net=str(x.net),
        tax=str(x.tax),
    )


def totals(t: Totals) -> pb.DocumentTotals:
    return pb.DocumentTotals(
        subtotal=str(t.subtotal),
        discount=str(t.discount),
        tax=str(t.tax),
        shipping=str(t.shipping),
        adjustment=str(t.adjustment),
        total=str(t.total),
    )


def invoice(i: Invoice) -> pb.Invoice:
    msg = pb.Invoice(
        id=str(i.id),
        number=i.number,
        status=i.status,
        account_id=str(i.account_id),
        contact_id=text(i.contact_id),
        quote_id=text(i.quote_id),
        sales_order_id=text(i.sales_order_id),
        subject=text(i.subject),
        currency=i.currency,
        invoice_date=i.invoice_date.isoformat(),
        due_date=i.due_date.isoformat(),
        payment_terms=i.payment_terms,
        lines=[line(x) for x in i.lines],
        totals=totals(i.totals),
        amount_paid=str(i.amount_paid),
        amount_credited=str(i.amount_credited),
        balance=str(i.balance),
        dunning_level=i.dunning_level,
        owner_id=str(i.owner_id),
        version=i.version,
        created_at=timestamp(i.created_at),
        updated_at=timestamp(i.updated_at),
    )
    if i.billing_address:
        msg.billing_address.CopyFrom(address(i.billing_address))
    if i.shipping_address:
        msg.shipping_address.CopyFrom(address(i.shipping_address))
    if i.issued_at:
        msg.issued_at.CopyFrom(timestamp(i.issued_at))
    return msg


def payment(p: Payment) -> pb.Payment:
    return pb.Payment(
        id=str(p.id),
        number=p.number,
        account_id=str(p.account_id),
        amount=str(p.amount),
        currency=p.currency,
        method=p.method,
        reference=text(p.reference),
        client_reference=text(p.client_reference),
        received_on=p.received_on.isoformat(),
        allocations=[
            pb.PaymentAllocation(
                invoice_id=str(a.invoice_id),
                amount=str(a.amount),
                allocated_on=a.allocated_on.isoformat(),
            )
            for a in p.allocations
        ],
        unallocated=str(p.unallocated),
        owner_id=str(p.owner_id),
        version=p.version,
        created_at=timestamp(p.created_at),
        updated_at=timestamp(p.updated_at),
    )


def vendor(v: Vendor) -> pb.Vendor:
    msg = pb.Vendor(
        id=str(v.id),
        name=v.name,
        contact_name=text(v.contact_name),
        email=text(v.email),
        phone=text(v.phone),
        website=text(v.website),
        payment_terms=text(v.payment_terms),
        gl_account=text(v.gl_account),
        category=text(v.category),
        version=v.version,
        created_at=timestamp(v.created_at),
        updated_at=timestamp(v.updated_at),
    )
    if v.address:
        msg.address.CopyFrom(address(v.address))
    return msg


def purchase_order(o: PurchaseOrder) -> pb.PurchaseOrder:
    msg = pb.PurchaseOrder(
        id=str(o.id),
        number=o.number,
        status=o.status,
        vendor_id=str(o.vendor_id),
        subject=text(o.subject),
        currency=o.currency,
        order_date=o.order_date.isoformat(),
        expected_on=o.expected_on.isoformat() if o.expected_on else "",
        tracking_number=text(o.tracking_number),
        carrier=text(o.carrier),
        lines=[line(x) for x in o.lines],
        totals=totals(o.totals),
        owner_id=str(o.owner_id),
        version=o.version,
        created_at=timestamp(o.created_at),
        updated_at=timestamp(o.updated_at),
    )
    if o.shipping_address:
        msg.shipping_address.CopyFrom(address(o.shipping_address))
    return msg


def record_payment(request: Any) -> RecordPayment:
    """A RecordPaymentRequest as a command (malformed ids, amounts, dates: one 422)."""
    check = Checker()
    allocations = tuple(
        Requested(
            invoice_id=check.uuid(f"allocations[{n}].invoice_id", a.invoice_id, required=True),
            amount=check.decimal(f"allocations[{n}].amount", a.amount or None, places=6),
        )
        for n, a in enumerate(request.allocations)
    )
    command = RecordPayment(
        client_reference=request.client_reference,
        account_id=check.uuid("account_id", request.account_id, required=True),
        amount=check.decimal("amount", request.amount or None, places=6),
        currency=request.currency,
        method=request.method or None,
        reference=request.reference or None,
        received_on=check.date("received_on", request.received_on or None),
        notes=request.notes or None,
        owner_id=check.uuid("owner_id", request.owner_id or None),
        allocations=allocations or None,
    )
    check.raise_if_any()
    return command
