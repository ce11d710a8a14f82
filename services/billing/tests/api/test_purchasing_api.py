"""Vendors and purchase orders through the REST API."""

from tests.conftest import API


def _vendor(client, admin, **extra):
    body = {
        "name": "Parts GmbH",
        "email": "sales@parts.example",
        "payment_terms": "Net 45 days",
        "gl_account": "4000",
        **extra,
    }
    response = client.post(f"{API}/vendors", json=body, headers=admin)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _order(client, admin, vendor_id, **extra):
    body = {
        "vendor_id": vendor_id,
        "currency": "EUR",
        "lines": [
            {"description": "Bolts", "quantity": "100", "unit_price": "0.25", "tax_percent": "19"}
        ],
        **extra,
    }
    return client.post(f"{API}/purchase-orders", json=body, headers=admin)


def test_vendor_crud_and_validation(client, admin):
    vendor = _vendor(client, admin)
    url = f"{API}/vendors/{vendor['id']}"
    assert client.get(url, headers=admin).get_json()["gl_account"] == "4000"
    response = client.patch(url, json={"phone": "+49 30 1234"}, headers=admin)
    assert response.status_code == 200 and response.get_json()["version"] == 2
    bad = client.post(f"{API}/vendors", json={"name": "X", "email": "nope"}, headers=admin)
    assert bad.status_code == 422
    assert bad.get_json()["errors"][0]["field"] == "email"
    names = client.get(f"{API}/vendors?q=parts", headers=admin).get_json()["items"]
    assert [v["id"] for v in names] == [vendor["id"]]


def test_purchase_orders_are_numbered_totalled_and_follow_their_workflow(client, admin):
    vendor = _vendor(client, admin)
    response = _order(client, admin, vendor["id"], shipping="10.00")
    assert response.status_code == 201
    order = response.get_json()
    assert order["number"] == "PO-2026-000001"
    assert (order["subtotal"], order["tax"], order["total"]) == ("25.00", "4.75", "39.75")
    url = f"{API}/purchase-orders/{order['id']}"
    assert client.patch(url, json={"status": "Received Shipment"}, headers=admin).status_code == 409
    for status in ("Approved", "Delivered", "Received Shipment"):
        response = client.patch(url, json={"status": status}, headers=admin)
        assert response.status_code == 200 and response.get_json()["status"] == status
    assert client.patch(url, json={"subject": "late edit"}, headers=admin).status_code == 409
    assert client.patch(url, json={"status": "Cancelled"}, headers=admin).status_code == 409
    assert _order(client, admin, vendor["id"]).get_json()["number"] == "PO-2026-000002"


def test_purchase_orders_need_an_existing_vendor(client, admin):
    response = _order(client, admin, "0e7c1a7c-5c49-4d2c-b1b0-3cb0c0a0b0a1")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "vendor_id"
    listed = client.get(f"{API}/purchase-orders", headers=admin).get_json()
    assert listed == {"items": [], "next_cursor": None}
