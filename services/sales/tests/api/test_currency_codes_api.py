"""Case 15: currency codes are ISO 4217 (the chassis's one check) on every sales record."""

from __future__ import annotations

from typing import Any

import pytest

API = "/api/sales/v1"


def _fields(response: Any) -> set[str]:
    assert response.status_code == 422, response.get_json()
    assert response.content_type == "application/problem+json"
    return {e["field"] for e in response.get_json()["errors"]}


@pytest.mark.parametrize("code", ["XYZ", "XXX"])
def test_unknown_currency_refused_everywhere(
    client: Any, admin: dict, product: Any, directory: Any, code: str
) -> None:
    body = {"code": "P-X", "name": "W", "unit_price": "1", "currency": code, "tax_percent": "0"}
    assert _fields(client.post(f"{API}/products", json=body, headers=admin)) == {"currency"}
    p = product()
    patch = client.patch(f"{API}/products/{p['id']}", json={"currency": code}, headers=admin)
    assert _fields(patch) == {"currency"}
    book = {"name": "Book", "currency": code}
    assert _fields(client.post(f"{API}/price-books", json=book, headers=admin)) == {"currency"}
    account = str(directory.add("Acme"))
    quote = {
        "account_id": account,
        "currency": code,
        "lines": [{"product_id": p["id"], "quantity": 1}],
    }
    assert "currency" in _fields(client.post(f"{API}/quotes", json=quote, headers=admin))
    opp = {"name": "Deal", "amount": {"amount": "10", "currency": code}}
    assert "currency" in _fields(client.post(f"{API}/opportunities", json=opp, headers=admin))


def test_iso_currencies_keep_working(product: Any) -> None:
    assert product(currency="usd")["currency"] == "USD"
    assert product(currency="JPY")["currency"] == "JPY"
