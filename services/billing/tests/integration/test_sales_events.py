"""The worker against a real RabbitMQ: an approved quote becomes one invoice with the quote's
totals, whatever the redelivery; an order links to it; a merge re-points the account."""

from __future__ import annotations

import time
import uuid

import pika
import pytest
import sqlalchemy as sa

from crm.contacts.v1 import contacts_pb2
from crm.contacts.v1 import events_pb2 as contacts
from crm.sales.v1 import events_pb2 as sales
from crm_billing.adapters.tables import event_tables, invoices
from crm_billing.events.incoming import handlers
from crm_chassis.events.envelope import Envelope
from crm_chassis.testing.bus import publish, running_worker, wait_until
from tests.conftest import API


@pytest.fixture(scope="session")
def bus_url():
    from crm_chassis.testing import broker

    try:
        name, url = broker.create_vhost("crm-test-billing")
    except Exception as exc:  # no broker or no rabbitmqctl rights here
        pytest.skip(f"RabbitMQ is not available: {exc}")
    yield url
    broker.delete_vhost(name)


@pytest.fixture
def worker(service, settings, bus_url):
    with running_worker(
        settings,
        service.db,
        handlers(service),
        tables=event_tables,
        amqp_url=bus_url,
        retry_delays=[0.2],
        relay_poll_seconds=0.05,
    ) as worker_settings:
        yield worker_settings


def quote_approved(quote_id: str, account_id: str, owner_id: str) -> sales.QuoteApproved:
    # Sales' rounding: 3 x 19.99 = 59.97, 10% = 6.00, net 53.97, 19% tax 10.25;
    # 7 x 0.333 = 2.331 -> 2.33, tax 0.
    lines = [
        sales.QuoteLine(
            line_id="l1",
            position=1,
            product_id=str(uuid.uuid4()),
            product_name="Widget",
            quantity="3",
            unit_price="19.99",
            discount_percent="10",
            discount_amount="6.00",
            tax_percent="19",
            gross_total="59.97",
            net_total="53.97",
            tax_amount="10.25",
            total="64.22",
        ),
        sales.QuoteLine(
            line_id="l2",
            position=2,
            description="Screws",
            quantity="7",
            unit_price="0.333",
            discount_percent="0",
            discount_amount="0.00",
            tax_percent="0",
            gross_total="2.33",
            net_total="2.33",
            tax_amount="0.00",
            total="2.33",
        ),
    ]
    return sales.QuoteApproved(
        quote_id=quote_id,
        number="QUO-2026-000123",
        version=1,
        subject="Spring order",
        account_id=account_id,
        currency="EUR",
        lines=lines,
        subtotal="62.30",
        discount_total="6.00",
        tax_total="10.25",
        shipping="4.90",
        adjustment="-0.05",
        grand_total="71.40",
        payment_terms="Net 45 days",
        owner_id=owner_id,
        billing_address=sales.SalesAddress(street="1 Main St", city="Leeds", country="GB"),
    )


def _invoices(service, quote_id):
    with service.db.reading() as s:
        return s.execute(
            sa.select(invoices).where(invoices.c.quote_id == uuid.UUID(quote_id))
        ).all()


def test_an_approved_quote_becomes_one_invoice_under_redelivery(
    service, worker, bus_url, client, admin
):
    quote_id, account_id, owner = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    msg = quote_approved(quote_id, account_id, owner)
    envelope = Envelope.build(
        type="sales.quote.approved.v1", source="sales", subject=quote_id, data=msg
    )
    publish(bus_url, envelope, exchange=worker.events_exchange)
    publish(bus_url, envelope, exchange=worker.events_exchange)  # redelivered: same event id
    again = Envelope.build(
        type="sales.quote.approved.v1", source="sales", subject=quote_id, data=msg
    )  # republished: a new event id, the same quote
    publish(bus_url, again, exchange=worker.events_exchange)
    order = sales.OrderCreated(
        order_id=str(uuid.uuid4()),
        number="SO-2026-000001",
        quote_id=quote_id,
        account_id=account_id,
        currency="EUR",
        lines=msg.lines,
        subtotal=msg.subtotal,
        discount_total=msg.discount_total,
        tax_total=msg.tax_total,
        shipping=msg.shipping,
        adjustment=msg.adjustment,
        grand_total=msg.grand_total,
        owner_id=owner,
    )
    publish(
        bus_url,
        Envelope.build(
            type="sales.order.created.v1", source="sales", subject=order.order_id, data=order
        ),
        exchange=worker.events_exchange,
    )

    wait_until(lambda: any(r.sales_order_id for r in _invoices(service, quote_id)))
    time.sleep(0.5)  # let any stray second delivery land before counting
    [row] = _invoices(service, quote_id)
    body = client.get(f"{API}/invoices/{row.id}", headers=admin).get_json()
    assert (
        body["subtotal"],
        body["discount"],
        body["tax"],
        body["shipping"],
        body["adjustment"],
        body["total"],
    ) == ("62.30", "6.00", "10.25", "4.90", "-0.05", "71.40")
    assert body["status"] == "Created" and body["payment_terms"] == "Net 45 days"
    assert body["owner_id"] == owner and body["account_id"] == account_id
    assert body["sales_order_id"] == order.order_id
    assert [(x["net"], x["tax"]) for x in body["lines"]] == [("53.97", "10.25"), ("2.33", "0.00")]
    listed = client.get(f"{API}/invoices?quote_id={quote_id}", headers=admin).get_json()
    assert [i["id"] for i in listed["items"]] == [str(row.id)]


def test_a_quote_whose_lines_miss_its_total_is_parked_not_invoiced(service, worker, bus_url):
    quote_id = str(uuid.uuid4())
    msg = quote_approved(quote_id, str(uuid.uuid4()), str(uuid.uuid4()))
    msg.grand_total = "71.41"
    publish(
        bus_url,
        Envelope.build(type="sales.quote.approved.v1", source="sales", subject=quote_id, data=msg),
        exchange=worker.events_exchange,
    )
    connection = pika.BlockingConnection(pika.URLParameters(bus_url))
    try:
        channel = connection.channel()
        wait_until(
            lambda: channel.queue_declare("billing.parking", passive=True).method.message_count >= 1
        )
    finally:
        connection.close()
    assert _invoices(service, quote_id) == []


def test_an_account_merge_repoints_invoices_and_payments(
    service, worker, bus_url, client, admin, create_invoice, account_id
):
    invoice = create_invoice(approve=True)
    client.post(
        f"{API}/payments",
        json={"account_id": account_id, "amount": "10.00", "currency": "EUR"},
        headers=admin,
    )
    survivor = str(uuid.uuid4())
    msg = contacts.AccountMerged(
        surviving_account=contacts_pb2.Account(id=survivor), merged_account_ids=[account_id]
    )
    publish(
        bus_url,
        Envelope.build(
            type="contacts.account.merged.v1", source="contacts", subject=survivor, data=msg
        ),
        exchange=worker.events_exchange,
    )

    def moved():
        body = client.get(f"{API}/invoices/{invoice['id']}", headers=admin).get_json()
        return body["account_id"] == survivor

    wait_until(moved)
    payments = client.get(f"{API}/payments?account_id={survivor}", headers=admin).get_json()
    assert len(payments["items"]) == 1


def test_our_events_reach_the_bus(service, worker, bus_url, create_invoice):
    connection = pika.BlockingConnection(pika.URLParameters(bus_url))
    channel = connection.channel()
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, worker.events_exchange, "billing.#")
    invoice = create_invoice(approve=True)
    got = []

    def fetch():
        method, _props, body = channel.basic_get(queue, auto_ack=True)
        if method is not None:
            got.append(Envelope.from_json(body))
        return got

    envelope = wait_until(fetch)[0]
    connection.close()
    assert envelope.type == "billing.invoice.issued.v1"
    assert envelope.data["number"] == invoice["number"]
    assert envelope.data["total"] == "171.36"
