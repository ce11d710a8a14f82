"""Case 15: currency codes are ISO 4217 (the chassis's one check), on every billing document."""

import pytest

from tests.api.test_purchasing_api import _order, _vendor
from tests.conftest import API, invoice_body


def _fields(response):
    assert response.status_code == 422, response.get_json()
    assert response.content_type == "application/problem+json"
    return {e["field"] for e in response.get_json()["errors"]}


@pytest.mark.parametrize("code", ["XYZ", "XXX"])
def test_unknown_currency_refused_on_invoices_payments_and_purchase_orders(
    client, admin, account_id, code
):
    invoice = client.post(
        f"{API}/invoices", json=invoice_body(account_id, currency=code), headers=admin
    )
    assert "currency" in _fields(invoice)
    payment = {"account_id": account_id, "amount": "10.00", "currency": code}
    assert "currency" in _fields(client.post(f"{API}/payments", json=payment, headers=admin))
    vendor = _vendor(client, admin)
    assert "currency" in _fields(_order(client, admin, vendor["id"], currency=code))


def test_iso_currencies_still_accepted(client, admin, account_id):
    for code in ("EUR", "usd", "JPY"):
        response = client.post(
            f"{API}/invoices", json=invoice_body(account_id, currency=code), headers=admin
        )
        assert response.status_code == 201, response.get_json()
        assert response.get_json()["currency"] == code.upper()
