"""BillingService: incremental sync, batches, idempotent RecordPayment, scope refusal."""

import uuid

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from crm.billing.v1 import billing_pb2 as pb
from crm_access.model import PolicySnapshot, UserFacts
from crm_billing.grpc_api import messages
from crm_chassis.errors import InvalidFields


@pytest.fixture
def erp_owner(service, admin_id) -> str:
    """An active staff user the ERP names as a payment's owner (owners are checked, issue 12
    case 8: a random id would be refused before anything else)."""
    owner = uuid.uuid4()
    users = (UserFacts(str(admin_id), is_admin=True), UserFacts(str(owner)))
    service.access.store.save(PolicySnapshot(version=1, users=users))
    return str(owner)


def test_a_finance_client_syncs_invoices_incrementally(
    stub, finance, create_invoice, client, admin
):
    made = [create_invoice(approve=True) for _ in range(5)]
    seen, token, last = [], "", None
    while True:
        reply = stub.ListInvoices(
            pb.ListInvoicesRequest(page_size=2, page_token=token), metadata=finance, timeout=5
        )
        seen += reply.invoices
        token = reply.next_page_token
        if not token:
            break
    assert {i.id for i in seen} == {m["id"] for m in made}
    last = max(i.updated_at.ToDatetime() for i in seen)
    # Nothing changed: a sync from the last instant sees only the boundary record(s).
    since = Timestamp()
    since.FromDatetime(last)
    quiet = stub.ListInvoices(
        pb.ListInvoicesRequest(updated_since=since), metadata=finance, timeout=5
    )
    assert len(quiet.invoices) <= 1
    # A payment changes one invoice: the next sync returns it with its new balance.
    client.post(
        "/api/billing/v1/payments",
        json={
            "account_id": made[0]["account_id"],
            "amount": "10.00",
            "currency": "EUR",
            "allocations": [{"invoice_id": made[2]["id"]}],
        },
        headers=admin,
    )
    changed = stub.ListInvoices(
        pb.ListInvoicesRequest(updated_since=since), metadata=finance, timeout=5
    )
    by_id = {i.id: i for i in changed.invoices}
    assert by_id[made[2]["id"]].balance == "161.36"
    assert by_id[made[2]["id"]].status == "Partially Paid"
    assert by_id[made[2]["id"]].totals.total == "171.36"


def test_get_and_batch_get(stub, finance, create_invoice):
    invoice = create_invoice(approve=True)
    got = stub.GetInvoice(pb.GetInvoiceRequest(id=invoice["id"]), metadata=finance, timeout=5)
    assert got.invoice.number == invoice["number"] and len(got.invoice.lines) == 2
    missing = str(uuid.uuid4())
    batch = stub.BatchGetInvoices(
        pb.BatchGetInvoicesRequest(ids=[invoice["id"], missing]), metadata=finance, timeout=5
    )
    assert [i.id for i in batch.invoices] == [invoice["id"]]
    assert list(batch.missing_ids) == [missing]
    with pytest.raises(grpc.RpcError) as err:
        stub.GetInvoice(pb.GetInvoiceRequest(id=missing), metadata=finance, timeout=5)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as err:
        stub.GetInvoice(pb.GetInvoiceRequest(id="nope"), metadata=finance, timeout=5)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_record_payment_is_idempotent_by_client_reference(stub, finance, create_invoice, erp_owner):
    invoice = create_invoice(approve=True)
    request = pb.RecordPaymentRequest(
        client_reference="erp-0001",
        account_id=invoice["account_id"],
        amount="200.00",
        currency="EUR",
        method="Bank Transfer",
        owner_id=erp_owner,
    )
    first = stub.RecordPayment(request, metadata=finance, timeout=5)
    again = stub.RecordPayment(request, metadata=finance, timeout=5)
    assert first.created and not again.created
    assert first.payment.id == again.payment.id
    assert first.payment.unallocated == "28.64"
    got = stub.GetInvoice(pb.GetInvoiceRequest(id=invoice["id"]), metadata=finance, timeout=5)
    assert got.invoice.status == "Paid" and got.invoice.balance == "0.00"
    listed = stub.ListPayments(
        pb.ListPaymentsRequest(account_id=invoice["account_id"]), metadata=finance, timeout=5
    )
    assert len(listed.payments) == 1
    request.amount = "300.00"
    with pytest.raises(grpc.RpcError) as err:
        stub.RecordPayment(request, metadata=finance, timeout=5)
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    with pytest.raises(grpc.RpcError) as err:
        stub.RecordPayment(
            pb.RecordPaymentRequest(
                account_id=invoice["account_id"], amount="1.00", currency="EUR"
            ),
            metadata=finance,
            timeout=5,
        )
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_calls_outside_the_tokens_scopes_are_refused(stub, tokens, create_invoice):
    invoice = create_invoice(approve=True)
    reader = tokens.issue("svc-reader", typ="service", scope="billing.invoices.read")
    md = [("authorization", f"Bearer {reader}")]
    assert (
        stub.GetInvoice(pb.GetInvoiceRequest(id=invoice["id"]), metadata=md, timeout=5).invoice.id
        == invoice["id"]
    )
    for call, request in (
        (
            stub.RecordPayment,
            pb.RecordPaymentRequest(
                client_reference="x",
                account_id=invoice["account_id"],
                amount="1.00",
                currency="EUR",
                owner_id=str(uuid.uuid4()),
            ),
        ),
        (stub.ListPayments, pb.ListPaymentsRequest()),
        (stub.ListVendors, pb.ListVendorsRequest()),
    ):
        with pytest.raises(grpc.RpcError) as err:
            call(request, metadata=md, timeout=5)
        assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    other = tokens.issue("svc-x", typ="service", scope="contacts.accounts.read")
    with pytest.raises(grpc.RpcError) as err:
        stub.ListInvoices(
            pb.ListInvoicesRequest(), metadata=[("authorization", f"Bearer {other}")], timeout=5
        )
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as err:
        stub.ListInvoices(pb.ListInvoicesRequest(), timeout=5)
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_vendors_and_purchase_orders(stub, finance, client, admin):
    vendor = client.post(
        "/api/billing/v1/vendors", json={"name": "Parts"}, headers=admin
    ).get_json()
    order = client.post(
        "/api/billing/v1/purchase-orders",
        json={
            "vendor_id": vendor["id"],
            "currency": "EUR",
            "lines": [{"description": "Bolt", "quantity": "2", "unit_price": "1.50"}],
        },
        headers=admin,
    ).get_json()
    got = stub.GetVendor(pb.GetVendorRequest(id=vendor["id"]), metadata=finance, timeout=5)
    assert got.vendor.name == "Parts"
    orders = stub.ListPurchaseOrders(
        pb.ListPurchaseOrdersRequest(vendor_id=vendor["id"]), metadata=finance, timeout=5
    )
    assert [o.number for o in orders.purchase_orders] == [order["number"]]
    assert orders.purchase_orders[0].totals.total == "3.00"
    batch = stub.BatchGetPurchaseOrders(
        pb.BatchGetPurchaseOrdersRequest(ids=[order["id"]]), metadata=finance, timeout=5
    )
    assert len(batch.purchase_orders) == 1


def test_record_payment_names_malformed_fields(stub, finance):
    request = pb.RecordPaymentRequest(
        client_reference="erp-bad",
        account_id="not-an-id",
        amount="ten",
        currency="EUR",
        owner_id=str(uuid.uuid4()),
    )
    with pytest.raises(grpc.RpcError) as err:
        stub.RecordPayment(request, metadata=finance, timeout=5)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(InvalidFields) as refused:
        messages.record_payment(request)
    assert {e.field for e in refused.value.errors} == {"account_id", "amount"}


def test_invoices_are_listed_by_quote_and_order(stub, finance, service):
    from decimal import Decimal

    from crm_billing.domain.commands import InvoiceSalesDocument
    from crm_billing.domain.invoices import InvoiceFields
    from crm_billing.domain.lines import LineInput

    quote, order = uuid.uuid4(), uuid.uuid4()
    fields = InvoiceFields(
        account_id=uuid.uuid4(),
        currency="EUR",
        lines=(LineInput(description="Widget", quantity=Decimal(1), unit_price=Decimal(5)),),
    )
    made = service.run(
        InvoiceSalesDocument(
            fields=fields, owner_id=uuid.uuid4(), quote_id=quote, sales_order_id=order
        )
    )
    for request in (
        pb.ListInvoicesRequest(quote_id=str(quote)),
        pb.ListInvoicesRequest(sales_order_id=str(order)),
    ):
        listed = stub.ListInvoices(request, metadata=finance, timeout=5)
        assert [(i.id, i.status, Decimal(i.amount_paid)) for i in listed.invoices] == [
            (str(made.id), "Created", Decimal(0))
        ]
    other = stub.ListInvoices(
        pb.ListInvoicesRequest(quote_id=str(uuid.uuid4())), metadata=finance, timeout=5
    )
    assert list(other.invoices) == []


def test_record_payment_checks_the_account_with_the_service_callers_own_token(
    stub, finance, directory, erp_owner
):
    stranger = uuid.uuid4()
    directory.missing.add(stranger)
    request = pb.RecordPaymentRequest(
        client_reference="erp-unknown",
        account_id=str(stranger),
        amount="10.00",
        currency="EUR",
        owner_id=erp_owner,
    )
    with pytest.raises(grpc.RpcError) as err:
        stub.RecordPayment(request, metadata=finance, timeout=5)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    # The ERP's own token goes to contacts: billing never asks as itself for a caller.
    assert directory.tokens == [finance[0][1].removeprefix("Bearer ")]
