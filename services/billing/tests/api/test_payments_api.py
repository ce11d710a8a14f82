"""Payments, credit notes and account credit through the REST API."""

from crm_billing.adapters.tables import payment_allocations, payments
from tests.conftest import API, outbox_types


def _pay(client, admin, account_id, amount, **extra):
    body = {"account_id": account_id, "amount": amount, "currency": "EUR", **extra}
    return client.post(f"{API}/payments", json=body, headers=admin)


def test_partial_then_full_payment(client, admin, account_id, create_invoice, service):
    invoice = create_invoice(approve=True)  # total 171.36
    response = _pay(client, admin, account_id, "100.00", method="Cash", reference="R1")
    assert response.status_code == 201
    payment = response.get_json()
    assert payment["allocations"] == [
        {"invoice_id": invoice["id"], "amount": "100.00", "allocated_on": "2026-03-02"}
    ]
    assert payment["unallocated"] == "0.00"
    url = f"{API}/invoices/{invoice['id']}"
    after = client.get(url, headers=admin).get_json()
    assert (after["status"], after["amount_paid"], after["balance"]) == (
        "Partially Paid",
        "100.00",
        "71.36",
    )
    _pay(client, admin, account_id, "71.36")
    after = client.get(url, headers=admin).get_json()
    assert (after["status"], after["balance"]) == ("Paid", "0.00")
    assert outbox_types(service) == [
        "billing.invoice.issued.v1",
        "billing.payment.received.v1",
        "billing.invoice.paid.v1",
        "billing.payment.received.v1",
    ]


def test_a_payment_larger_than_the_balance_becomes_credit(
    client, admin, account_id, create_invoice
):
    invoice = create_invoice(approve=True)
    payment = _pay(client, admin, account_id, "200.00").get_json()
    assert payment["allocated"] == "171.36" and payment["unallocated"] == "28.64"
    credit = client.get(
        f"{API}/reports/account-credit?account_id={account_id}", headers=admin
    ).get_json()
    assert credit["credit"] == [{"currency": "EUR", "amount": "28.64"}]
    # The credit pays the next invoice when allocated.
    second = create_invoice(approve=True)
    response = client.post(
        f"{API}/payments/{payment['id']}/allocations",
        json={"allocations": [{"invoice_id": second["id"]}]},
        headers=admin,
    )
    assert response.status_code == 200
    assert response.get_json()["unallocated"] == "0.00"
    after = client.get(f"{API}/invoices/{second['id']}", headers=admin).get_json()
    assert after["balance"] == "142.72" and after["status"] == "Partially Paid"
    assert (
        client.get(f"{API}/invoices/{invoice['id']}", headers=admin).get_json()["status"] == "Paid"
    )


def test_payments_are_idempotent_by_client_reference(
    client, admin, account_id, create_invoice, service
):
    create_invoice(approve=True)
    first = _pay(client, admin, account_id, "50.00", client_reference="bank-42")
    again = _pay(client, admin, account_id, "50.00", client_reference="bank-42")
    # One success status per route: the repeat replays the first answer and says so.
    assert (first.status_code, again.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert first.get_json()["id"] == again.get_json()["id"]
    clash = _pay(client, admin, account_id, "60.00", client_reference="bank-42")
    assert clash.status_code == 409
    with service.db.reading() as s:
        assert len(s.execute(payments.select()).all()) == 1
        assert len(s.execute(payment_allocations.select()).all()) == 1


def test_bad_payments_are_refused_and_change_nothing(
    client, admin, account_id, create_invoice, service
):
    invoice = create_invoice(approve=True)
    draft = create_invoice()
    cases = [
        {"amount": "-5.00"},
        {"amount": 5},
        {"amount": "10.001"},
        {"amount": "10.00", "currency": "USD", "allocations": [{"invoice_id": invoice["id"]}]},
        {"amount": "10.00", "allocations": [{"invoice_id": invoice["id"], "amount": "500.00"}]},
        {"amount": "10.00", "allocations": [{"invoice_id": invoice["id"], "amount": "20.00"}]},
        {"amount": "10.00", "allocations": [{"invoice_id": draft["id"]}]},
        {"amount": "10.00", "received_on": "2030-01-01"},
        {"amount": "10.00", "method": "Barter"},
    ]
    for extra in cases:
        body = {"account_id": account_id, "currency": "EUR", **extra}
        response = client.post(f"{API}/payments", json=body, headers=admin)
        assert response.status_code == 422, (extra, response.get_json())
        assert response.content_type == "application/problem+json"
    with service.db.reading() as s:
        assert s.execute(payments.select()).first() is None
    after = client.get(f"{API}/invoices/{invoice['id']}", headers=admin).get_json()
    assert after["balance"] == invoice["balance"] and after["status"] == "Approved"


def test_credit_notes_correct_issued_invoices_only(client, admin, create_invoice, service):
    draft = create_invoice()
    invoice = create_invoice(approve=True)
    body = {"invoice_id": invoice["id"], "amount": "71.36", "reason": "Returned goods"}
    response = client.post(f"{API}/credit-notes", json=body, headers=admin)
    assert response.status_code == 201
    note = response.get_json()
    assert note["number"] == "CN-2026-000001" and note["applied"] == "71.36"
    after = client.get(f"{API}/invoices/{invoice['id']}", headers=admin).get_json()
    assert after["balance"] == "100.00" and after["amount_credited"] == "71.36"
    too_much = client.post(f"{API}/credit-notes", json={**body, "amount": "100.01"}, headers=admin)
    assert too_much.status_code == 422
    on_draft = client.post(
        f"{API}/credit-notes", json={**body, "invoice_id": draft["id"]}, headers=admin
    )
    assert on_draft.status_code == 409
    listed = client.get(f"{API}/credit-notes?invoice_id={invoice['id']}", headers=admin)
    assert [n["id"] for n in listed.get_json()["items"]] == [note["id"]]
    full = client.post(f"{API}/credit-notes", json={**body, "amount": "100.00"}, headers=admin)
    assert full.status_code == 201
    after = client.get(f"{API}/invoices/{invoice['id']}", headers=admin).get_json()
    assert (after["status"], after["balance"]) == ("Credit Invoice", "0.00")


def test_crediting_a_paid_invoice_makes_account_credit(client, admin, account_id, create_invoice):
    invoice = create_invoice(approve=True)
    _pay(client, admin, account_id, "171.36")
    note = client.post(
        f"{API}/credit-notes",
        json={"invoice_id": invoice["id"], "amount": "20.00", "reason": "Goodwill"},
        headers=admin,
    )
    assert note.get_json()["to_credit"] == "20.00"
    credit = client.get(
        f"{API}/reports/account-credit?account_id={account_id}", headers=admin
    ).get_json()
    assert credit["credit"] == [{"currency": "EUR", "amount": "20.00"}]
