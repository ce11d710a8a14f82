"""Integrity rules through the REST API: account references checked with contacts (case 9),
money on an invoice stops its cancellation (case 12), 409s name the allowed next statuses."""

from __future__ import annotations

import io
import uuid
from decimal import Decimal

import pypdf
import sqlalchemy as sa

from crm_billing.adapters.tables import invoices, payments
from crm_billing.domain.commands import InvoiceSalesDocument
from crm_billing.domain.invoices import InvoiceFields
from crm_billing.domain.lines import LineInput
from tests.conftest import API, invoice_body, outbox_types


def _count(service, table):
    with service.db.reading() as s:
        return s.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_an_unknown_account_is_refused_on_invoices_and_payments(
    client, admin, service, directory, account_id
):
    directory.missing.add(uuid.UUID(account_id))
    response = client.post(f"{API}/invoices", json=invoice_body(account_id), headers=admin)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert [e["field"] for e in response.get_json()["errors"]] == ["account_id"]
    paid = client.post(
        f"{API}/payments",
        json={"account_id": account_id, "amount": "10.00", "currency": "EUR"},
        headers=admin,
    )
    assert paid.status_code == 422
    assert [e["field"] for e in paid.get_json()["errors"]] == ["account_id"]
    assert (_count(service, invoices), _count(service, payments)) == (0, 0)
    assert directory.tokens and all(directory.tokens)  # asked with the caller's token


def test_a_draft_moved_to_an_unknown_account_is_refused(client, admin, create_invoice, directory):
    invoice = create_invoice()
    stranger = uuid.uuid4()
    directory.missing.add(stranger)
    url = f"{API}/invoices/{invoice['id']}"
    response = client.patch(url, json={"account_id": str(stranger)}, headers=admin)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "account_id"
    assert client.get(url, headers=admin).get_json()["account_id"] == invoice["account_id"]


def test_contacts_unreachable_is_503_and_nothing_is_written(
    client, admin, service, directory, account_id
):
    directory.down = True
    response = client.post(f"{API}/invoices", json=invoice_body(account_id), headers=admin)
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    assert _count(service, invoices) == 0


def test_the_invoice_keeps_the_customer_name(client, admin, directory, account_id):
    directory.names[uuid.UUID(account_id)] = "Alpha Corp"
    response = client.post(f"{API}/invoices", json=invoice_body(account_id), headers=admin)
    assert response.get_json()["account_name"] == "Alpha Corp"


def test_a_part_paid_invoice_cannot_be_cancelled(client, admin, account_id, create_invoice):
    invoice = create_invoice(approve=True)
    client.post(
        f"{API}/payments",
        json={"account_id": account_id, "amount": "10.00", "currency": "EUR"},
        headers=admin,
    )
    response = client.post(f"{API}/invoices/{invoice['id']}/cancel", headers=admin)
    assert response.status_code == 409
    body = response.get_json()
    assert body["current_status"] == "Partially Paid"
    assert body["allowed_next"] == []  # nothing a user may ask for; payments settle it


def test_a_409_names_the_allowed_next_statuses(client, admin, create_invoice):
    invoice = create_invoice()
    response = client.patch(
        f"{API}/invoices/{invoice['id']}", json={"status": "Sent"}, headers=admin
    )
    assert response.status_code == 409
    assert response.get_json()["allowed_next"] == ["Approved", "Cancelled"]


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_bill_to_names_the_customer(client, admin, directory, account_id):
    directory.names[uuid.UUID(account_id)] = "Alpha Corp"
    invoice = client.post(
        f"{API}/invoices", json=invoice_body(account_id), headers=admin
    ).get_json()
    response = client.get(f"{API}/invoices/{invoice['id']}/pdf", headers=admin)
    text = _pdf_text(response.data)
    assert "Bill to" in text and "Alpha Corp" in text


def test_a_quote_invoice_pdf_looks_the_customer_up(client, admin, service, directory):
    account = uuid.uuid4()
    directory.names[account] = "Beta Industries"
    fields = InvoiceFields(
        account_id=account,
        currency="EUR",
        lines=(LineInput(description="Widget", quantity=Decimal("1"), unit_price=Decimal("5")),),
    )
    invoice = service.run(
        InvoiceSalesDocument(fields=fields, owner_id=uuid.uuid4(), quote_id=uuid.uuid4())
    )
    assert invoice.account_name is None
    response = client.get(f"{API}/invoices/{invoice.id}/pdf", headers=admin)
    assert "Beta Industries" in _pdf_text(response.data)
    directory.down = True
    assert client.get(f"{API}/invoices/{invoice.id}/pdf", headers=admin).status_code == 503


def test_a_credit_note_is_published_through_the_outbox(client, admin, service, create_invoice):
    invoice = create_invoice(approve=True)
    response = client.post(
        f"{API}/credit-notes",
        json={"invoice_id": invoice["id"], "amount": "10.00", "reason": "damaged"},
        headers=admin,
    )
    assert response.status_code == 201, response.get_json()
    assert outbox_types(service)[-1] == "billing.credit_note.issued.v1"


def test_a_cancelled_invoice_is_published(client, admin, service, create_invoice):
    invoice = create_invoice()
    assert client.post(f"{API}/invoices/{invoice['id']}/cancel", headers=admin).status_code == 200
    assert outbox_types(service)[-1] == "billing.invoice.cancelled.v1"


def test_numbers_follow_dates_a_backdated_invoice_is_refused(client, admin, account_id, service):
    def post(day):
        body = invoice_body(account_id, invoice_date=day)
        return client.post(f"{API}/invoices", json=body, headers=admin)

    first = post("2026-03-01")
    assert first.status_code == 201
    backdated = post("2026-02-15")
    assert backdated.status_code == 422
    assert [e["field"] for e in backdated.get_json()["errors"]] == ["invoice_date"]
    assert post("2026-03-03").status_code == 422  # the future (today is 2026-03-02)
    second = post("2026-03-02").get_json()
    assert second["number"] == "INV-2026-000002"  # refused ones took no number
    # A draft's date stays between its neighbours'.
    url = f"{API}/invoices/{second['id']}"
    moved = client.patch(url, json={"invoice_date": "2026-02-28"}, headers=admin)
    assert moved.status_code == 422
    assert moved.get_json()["errors"][0]["field"] == "invoice_date"
    with service.db.reading() as s:
        rows = s.execute(sa.select(invoices.c.number, invoices.c.invoice_date)).all()
    assert sorted(rows) == sorted(rows, key=lambda r: (r.invoice_date, r.number))


def test_a_cancelled_invoice_does_not_hold_the_sequence(client, admin, account_id):
    first = client.post(
        f"{API}/invoices", json=invoice_body(account_id, invoice_date="2026-03-02"), headers=admin
    ).get_json()
    client.post(f"{API}/invoices/{first['id']}/cancel", headers=admin)
    again = client.post(
        f"{API}/invoices", json=invoice_body(account_id, invoice_date="2026-03-01"), headers=admin
    )
    assert again.status_code == 201
