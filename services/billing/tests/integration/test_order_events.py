"""Event handlers called inside a transaction, as the consumer does (no broker needed)."""

import uuid

from crm.sales.v1 import events_pb2 as sales
from crm_billing.events.incoming import handlers
from crm_chassis.events.envelope import Envelope
from tests.conftest import API


def _order(order_id, quote_id=""):
    line = sales.QuoteLine(
        position=1,
        description="Support",
        quantity="2",
        unit_price="50.00",
        discount_amount="0.00",
        tax_percent="20",
        gross_total="100.00",
        net_total="100.00",
        tax_amount="20.00",
        total="120.00",
    )
    return sales.OrderCreated(
        order_id=order_id,
        number="SO-2026-000009",
        quote_id=quote_id,
        account_id=str(uuid.uuid4()),
        currency="GBP",
        lines=[line],
        subtotal="100.00",
        discount_total="0.00",
        tax_total="20.00",
        shipping="0",
        adjustment="0",
        grand_total="120.00",
        due_date="2026-04-30",
        owner_id=str(uuid.uuid4()),
    )


def _handle(service, key, envelope):
    with service.db.transaction() as session:
        [handle] = handlers(service)[key]
        handle(session, envelope)


def test_an_order_without_a_quote_is_invoiced_once(service, client, admin):
    order_id = str(uuid.uuid4())
    envelope = Envelope.build(
        type="sales.order.created.v1", source="sales", subject=order_id, data=_order(order_id)
    )
    _handle(service, "sales.order.created.v1", envelope)
    _handle(service, "sales.order.created.v1", envelope)  # without the inbox: still one
    listed = client.get(f"{API}/invoices?sales_order_id={order_id}", headers=admin).get_json()
    [invoice] = listed["items"]
    assert (invoice["total"], invoice["currency"], invoice["due_date"]) == (
        "120.00",
        "GBP",
        "2026-04-30",
    )
