"""What billing's handlers read of sales' and contacts' events (tolerant readers)."""

import uuid
from datetime import date
from decimal import Decimal

from google.protobuf.json_format import MessageToDict

from crm.contacts.v1 import contacts_pb2
from crm.contacts.v1 import events_pb2 as contacts
from crm.sales.v1 import events_pb2 as sales
from crm_billing.events import incoming
from crm_chassis.events.dispatch import named_handlers
from crm_chassis.fields import Address


def _data(message):
    # What the envelope carries of a protobuf message (crm_chassis.events.envelope).
    return MessageToDict(message, preserving_proto_field_name=True)


def _quote(**overrides):
    line = sales.QuoteLine(
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
    )
    values = {
        "quote_id": str(uuid.uuid4()),
        "number": "QUO-2026-000123",
        "account_id": str(uuid.uuid4()),
        "currency": "EUR",
        "lines": [line],
        "grand_total": "64.22",
        "payment_terms": "Net 45 days",
        "owner_id": str(uuid.uuid4()),
        "billing_address": sales.SalesAddress(street="1 Main St", city="Leeds"),
        **overrides,
    }
    return sales.QuoteApproved(**values)


def test_each_handler_has_its_own_stable_inbox_name():
    names = [name for _, name, _ in named_handlers(incoming.handlers(object()))]
    assert names == [
        "contacts.account.deleted.v1#cancel_deleted_accounts_drafts",
        "contacts.account.merged.v1#repoint_merged_account",
        "contacts.contact.merged.v1#repoint_merged_contact",
        "identity.policy.changed.v1#keep_policy",
        "sales.order.created.v1#invoice_order",
        "sales.quote.approved.v1#invoice_quote",
    ]


def test_a_quote_is_read_into_invoice_fields_with_its_own_amounts():
    msg = _quote()
    event = incoming.QuoteApproved.model_validate({**_data(msg), "added_later": {"x": 1}})
    fields = incoming._invoice_fields(event, subject=event.subject)
    assert fields.account_id == uuid.UUID(msg.account_id)
    assert fields.subject == "QUO-2026-000123"  # no subject: the quote's number
    assert fields.payment_terms == "Net 45 days"
    assert fields.billing_address == Address(street="1 Main St", city="Leeds")
    assert fields.shipping_address is None
    [line] = fields.lines
    assert (line.description, line.quantity, line.unit_price) == (
        "Widget",
        Decimal("3"),
        Decimal("19.99"),
    )
    assert (line.gross, line.net, line.tax) == (
        Decimal("59.97"),
        Decimal("53.97"),
        Decimal("10.25"),
    )
    assert event.grand_total == Decimal("64.22")


def test_unknown_payment_terms_fall_back_and_blank_ids_are_absent():
    event = incoming.QuoteApproved.model_validate(
        {**_data(_quote(payment_terms="Net 7 days")), "contact_id": ""}
    )
    fields = incoming._invoice_fields(event)
    assert fields.payment_terms == "Net 30 days"
    assert fields.contact_id is None


def test_an_order_reads_its_due_date_and_quote():
    quote_id, order_id = str(uuid.uuid4()), str(uuid.uuid4())
    msg = sales.OrderCreated(
        order_id=order_id, quote_id=quote_id, due_date="2026-04-30", currency="GBP"
    )
    event = incoming.OrderCreated.model_validate(_data(msg))
    assert (event.order_id, event.quote_id) == (uuid.UUID(order_id), uuid.UUID(quote_id))
    assert incoming._invoice_fields(event, due_date=event.due_date).due_date == date(2026, 4, 30)


def test_the_owner_is_the_documents_else_who_approved_it():
    approver = str(uuid.uuid4())
    assert incoming._owner("group-7", approver) == uuid.UUID(approver)
    assert incoming._owner("", approver) == uuid.UUID(approver)


def test_a_merge_names_the_survivor_and_the_merged_accounts():
    survivor, merged = str(uuid.uuid4()), str(uuid.uuid4())
    msg = contacts.AccountMerged(
        surviving_account=contacts_pb2.Account(id=survivor, name="Acme"),
        merged_account_ids=[merged],
    )
    event = incoming.AccountMerged.model_validate(_data(msg))
    assert event.surviving_account.id == uuid.UUID(survivor)
    assert event.merged_account_ids == [uuid.UUID(merged)]
