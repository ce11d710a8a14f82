"""Invoices through the REST API: create, numbering, immutability once issued, workflow."""

from crm_billing.adapters.tables import invoices
from tests.conftest import API, invoice_body, outbox_types


def test_create_answers_201_with_number_totals_and_location(client, admin, create_invoice):
    response = client.post(
        f"{API}/invoices",
        json=invoice_body("5b0c3a4e-58cf-4b2c-9d38-6a9f0c3c2f11", shipping="5.50"),
        headers=admin,
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["number"] == "INV-2026-000001"
    assert response.headers["Location"].endswith(body["id"])
    assert response.headers["ETag"] == '"1"'
    assert (body["subtotal"], body["tax"], body["shipping"], body["total"]) == (
        "159.97",
        "11.39",
        "5.50",
        "176.86",
    )
    assert body["status"] == "Created" and body["balance"] == "176.86"
    assert body["due_date"] == "2026-03-31"


def test_numbers_are_gap_free_even_after_refused_creates(client, admin, account_id, create_invoice):
    first = create_invoice()
    bad = client.post(
        f"{API}/invoices", json=invoice_body(account_id, currency="EURO"), headers=admin
    )
    assert bad.status_code == 422
    second = create_invoice()
    assert [first["number"], second["number"]] == ["INV-2026-000001", "INV-2026-000002"]


def test_invalid_bodies_are_problem_json_and_change_nothing(client, admin, account_id, service):
    cases = [
        (invoice_body(account_id, lines=[]), 422),
        (invoice_body(account_id, payment_terms="Net 7 days"), 422),
        (invoice_body(account_id, adjustment="-1000.00"), 422),
        (
            invoice_body(
                account_id, lines=[{"description": "x", "quantity": "1", "unit_price": 1.5}]
            ),
            422,
        ),
        (invoice_body(account_id, unknown="x"), 422),
        (invoice_body(account_id, due_date="2026-02-01"), 422),
    ]
    for body, status in cases:
        response = client.post(f"{API}/invoices", json=body, headers=admin)
        assert response.status_code == status, body
        assert response.content_type == "application/problem+json"
        assert response.get_json()["errors"]
    assert (
        client.post(
            f"{API}/invoices", data="{", headers={**admin, "Content-Type": "application/json"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"{API}/invoices", data="x", headers={**admin, "Content-Type": "text/plain"}
        ).status_code
        == 415
    )
    with service.db.reading() as s:
        assert s.execute(invoices.select()).first() is None


def test_a_draft_can_be_patched_but_an_issued_invoice_is_immutable(
    client, admin, create_invoice, service
):
    invoice = create_invoice()
    url = f"{API}/invoices/{invoice['id']}"
    response = client.patch(url, json={"subject": "March"}, headers={**admin, "If-Match": '"1"'})
    assert response.status_code == 200 and response.get_json()["subject"] == "March"
    assert (
        client.patch(url, json={"subject": "x"}, headers={**admin, "If-Match": '"1"'}).status_code
        == 412
    )
    assert client.post(f"{url}/approve", headers=admin).status_code == 200
    response = client.patch(url, json={"subject": "changed"}, headers=admin)
    assert response.status_code == 409
    assert response.content_type == "application/problem+json"
    assert "credit note" in response.get_json()["detail"]
    after = client.get(url, headers=admin).get_json()
    assert after["subject"] == "March" and after["status"] == "Approved"
    assert outbox_types(service) == ["billing.invoice.issued.v1"]


def test_status_transitions_are_enforced(client, admin, create_invoice):
    invoice = create_invoice()
    url = f"{API}/invoices/{invoice['id']}"
    assert client.post(f"{url}/send", headers=admin).status_code == 409
    assert client.patch(url, json={"status": "Paid"}, headers=admin).status_code == 409
    assert client.patch(url, json={"status": "Approved"}, headers=admin).status_code == 200
    assert client.post(f"{url}/send", headers=admin).get_json()["status"] == "Sent"
    response = client.post(f"{url}/cancel", headers=admin)
    assert response.status_code == 409
    assert response.get_json()["current_status"] == "Sent"
    assert client.patch(url, json={"status": "Bogus"}, headers=admin).status_code == 422


def test_lists_filter_and_page_by_keyset(client, admin, account_id, create_invoice):
    made = [create_invoice() for _ in range(5)]
    other = create_invoice(account="0e7c1a7c-5c49-4d2c-b1b0-3cb0c0a0b0a1", approve=True)
    seen, cursor = [], None
    while True:
        url = f"{API}/invoices?account_id={account_id}&limit=2" + (
            f"&cursor={cursor}" if cursor else ""
        )
        page = client.get(url, headers=admin).get_json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(i["id"] for i in made)
    approved = client.get(f"{API}/invoices?status=Approved", headers=admin).get_json()
    assert [i["id"] for i in approved["items"]] == [other["id"]]
    found = client.get(f"{API}/invoices?q={made[2]['number']}", headers=admin).get_json()
    assert [i["id"] for i in found["items"]] == [made[2]["id"]]
    assert client.get(f"{API}/invoices?cursor=zzz", headers=admin).status_code == 400
    assert client.get(f"{API}/invoices?sort=total", headers=admin).status_code == 400


def test_missing_and_malformed_ids(client, admin):
    assert (
        client.get(
            f"{API}/invoices/0e7c1a7c-5c49-4d2c-b1b0-3cb0c0a0b0a1", headers=admin
        ).status_code
        == 404
    )
    assert client.get(f"{API}/invoices/nope", headers=admin).status_code == 400
    assert client.get(f"{API}/invoices").status_code == 401


def test_the_pdf_has_the_invoice(client, admin, create_invoice):
    invoice = create_invoice(approve=True)
    response = client.get(f"{API}/invoices/{invoice['id']}/pdf", headers=admin)
    assert response.status_code == 200
    assert response.content_type == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert invoice["number"] in response.headers["Content-Disposition"]
    assert client.get(f"{API}/invoices/{invoice['id']}/pdf").status_code == 401
    missing = client.get(f"{API}/invoices/0e7c1a7c-5c49-4d2c-b1b0-3cb0c0a0b0a1/pdf", headers=admin)
    assert missing.status_code == 404
    assert missing.content_type == "application/problem+json"


def test_openapi_lists_the_collections(client):
    doc = client.get(f"{API}/openapi.json").get_json()
    for path in (
        "/api/billing/v1/invoices",
        "/api/billing/v1/payments",
        "/api/billing/v1/credit-notes",
        "/api/billing/v1/vendors",
        "/api/billing/v1/purchase-orders",
        "/api/billing/v1/reports/ageing",
    ):
        assert path in doc["paths"]


def test_a_second_invoice_for_the_same_quote_is_a_conflict(client, admin, account_id):
    quote_id = "7d1c6a2e-1b4f-4c1e-9d7e-0f3a5b6c7d8e"
    first = client.post(
        f"{API}/invoices", json=invoice_body(account_id, quote_id=quote_id), headers=admin
    )
    assert first.status_code == 201
    second = client.post(
        f"{API}/invoices", json=invoice_body(account_id, quote_id=quote_id), headers=admin
    )
    assert second.status_code == 409
    assert second.get_json()["errors"][0]["field"] == "quote_id"
    listed = client.get(f"{API}/invoices?quote_id={quote_id}", headers=admin).get_json()
    assert len(listed["items"]) == 1


def test_a_post_retried_with_its_idempotency_key_creates_one_invoice(client, admin, account_id):
    headers = {**admin, "Idempotency-Key": "create-once-1"}
    first = client.post(f"{API}/invoices", json=invoice_body(account_id), headers=headers)
    again = client.post(f"{API}/invoices", json=invoice_body(account_id), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json()["id"] == again.get_json()["id"]
    listed = client.get(f"{API}/invoices", headers=admin).get_json()
    assert len(listed["items"]) == 1


def test_the_pdf_is_inline_named_after_the_number_and_tagged_with_the_version(
    client, admin, create_invoice
):
    invoice = create_invoice(approve=True)
    response = client.get(f"{API}/invoices/{invoice['id']}/pdf", headers=admin)
    assert response.headers["Content-Disposition"] == f'inline; filename="{invoice["number"]}.pdf"'
    assert response.headers["ETag"] == f'"{invoice["version"]}"'
    assert client.get(f"{API}/invoices/nope/pdf", headers=admin).status_code == 400


def test_openapi_declares_every_route_with_its_answer(client):
    doc = client.get(f"{API}/openapi.json").get_json()
    pdf = doc["paths"]["/api/billing/v1/invoices/{invoice_id}/pdf"]["get"]
    assert list(pdf["responses"]["200"]["content"]) == ["application/pdf"]
    assert pdf["security"] == [{"bearer": []}]
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            [success] = [code for code in op["responses"] if code.startswith("2")]
            assert op["responses"][success].get("content"), (method, path)
    created = doc["paths"]["/api/billing/v1/invoices"]["post"]["responses"]
    assert "201" in created
    kpis = doc["paths"]["/api/billing/v1/reports/kpis"]["get"]["responses"]["200"]
    assert kpis["content"]["application/json"]["schema"]["$ref"].endswith("KpisOut")
    assert "from" in doc["components"]["schemas"]["KpisOut"]["properties"]
