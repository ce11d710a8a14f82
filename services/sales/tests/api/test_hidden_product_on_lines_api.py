"""Issue 12 case 2: a quote's or an order's lines copy the product's code and name; the
caller's products profile decides whether those show (REST and gRPC) and whether ``q=``
finds a quote by them."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

API = "/api/sales/v1"
NAME = "Turbo Encabulator"


@pytest.fixture
def rep(policy: Any, user: Any) -> Any:
    """The rep's headers once ``fields`` is their profile's (records readable by all)."""
    rep_id = uuid.uuid4()

    def as_rep(fields: dict[str, dict[str, str]]) -> dict[str, str]:
        policy({rep_id: "rep"}, sharing="public_read", fields=fields)
        return user(rep_id)

    return as_rep


@pytest.fixture
def order(client: Any, admin: dict, product: Any, directory: Any) -> dict[str, Any]:
    gadget = product(code="ENC-4711", name=NAME)
    body = {
        "account_id": str(directory.add("Acme")),
        "lines": [{"product_id": gadget["id"], "quantity": 1}],
    }
    quote = client.post(f"{API}/quotes", headers=admin, json=body).get_json()
    assert client.post(f"{API}/quotes/{quote['id']}/approve", headers=admin).status_code == 200
    made = client.post(f"{API}/sales-orders", headers=admin, json={"quote_id": quote["id"]})
    assert made.status_code == 201, made.get_json()
    return {"quote": quote, "order": made.get_json()}


def _lines(client: Any, headers: dict, order: dict[str, Any]) -> list[dict[str, Any]]:
    quote = client.get(f"{API}/quotes/{order['quote']['id']}", headers=headers).get_json()
    got = client.get(f"{API}/sales-orders/{order['order']['id']}", headers=headers).get_json()
    return [*quote["lines"], *got["lines"]]


def test_a_hidden_product_name_is_on_no_line_and_finds_no_quote(client, rep, order):
    headers = rep({"products": {"name": "hidden"}})
    lines = _lines(client, headers, order)
    assert len(lines) == 2 and all("product_name" not in ln for ln in lines)
    assert all(ln["product_code"] == "ENC-4711" for ln in lines)
    assert NAME not in str(client.get(f"{API}/quotes", headers=headers).get_json())
    found = client.get(f"{API}/quotes", query_string={"q": "encabulator"}, headers=headers)
    assert found.status_code == 200 and found.get_json()["items"] == []
    by_code = client.get(f"{API}/quotes", query_string={"q": "enc-4711"}, headers=headers)
    assert [x["id"] for x in by_code.get_json()["items"]] == [order["quote"]["id"]]


def test_a_visible_product_name_stays(client, rep, order):
    headers = rep({})
    assert all(ln["product_name"] == NAME for ln in _lines(client, headers, order))
    found = client.get(f"{API}/quotes", query_string={"q": "encabulator"}, headers=headers)
    assert [x["id"] for x in found.get_json()["items"]] == [order["quote"]["id"]]


def test_a_hidden_code_and_name_leave_the_lines_and_the_search(client, rep, order):
    headers = rep({"products": {"name": "hidden", "code": "hidden"}})
    lines = _lines(client, headers, order)
    assert all("product_name" not in ln and "product_code" not in ln for ln in lines)
    found = client.get(f"{API}/quotes", query_string={"q": "enc-4711"}, headers=headers)
    assert found.get_json()["items"] == []
