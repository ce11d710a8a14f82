"""Bad input anywhere is a 4xx problem document, never a 500."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

API = "/api/sales/v1"
JUNK: list[Any] = ["abc", -1, "1e400", None, [], {}, "", "  ", "NaN", "Infinity", 10**30]


@pytest.fixture
def targets(client: Any, admin: dict, lead: Any, product: Any, directory: Any) -> dict:
    account = str(directory.add("Acme"))
    p = product()
    q = client.post(
        f"{API}/quotes",
        headers=admin,
        json={"account_id": account, "lines": [{"product_id": p["id"], "quantity": 1}]},
    ).get_json()
    return {"lead": lead()["id"], "product": p["id"], "account": account, "quote": q["id"]}


def _bodies(t: dict) -> list[tuple[str, str, dict, str]]:
    return [
        ("POST", "/leads", {"last_name": "X"}, "employees"),
        ("POST", "/leads", {"last_name": "X"}, "annual_revenue"),
        ("PATCH", f"/leads/{t['lead']}", {}, "next_follow_up"),
        ("POST", f"/leads/{t['lead']}/qualify", {}, "budget"),
        ("POST", f"/leads/{t['lead']}/convert", {}, "opportunity"),
        (
            "POST",
            "/products",
            {"code": "J", "name": "j", "unit_price": "1", "currency": "EUR"},
            "tax_percent",
        ),
        (
            "POST",
            "/quotes",
            {"account_id": t["account"], "lines": [{"product_id": t["product"], "quantity": 1}]},
            "shipping",
        ),
        (
            "POST",
            "/quotes",
            {"account_id": t["account"], "lines": [{"product_id": t["product"], "quantity": 1}]},
            "adjustment",
        ),
        ("PATCH", f"/quotes/{t['quote']}", {}, "lines"),
        (
            "POST",
            "/enquiries",
            {"account_id": t["account"], "product_id": t["product"], "quantity": 1},
            "unit_price",
        ),
        (
            "POST",
            "/enquiries",
            {"account_id": t["account"], "product_id": t["product"], "quantity": 1},
            "quantity",
        ),
        ("POST", "/opportunities", {"name": "x"}, "probability"),
        ("POST", "/sales-orders", {}, "quote_id"),
    ]


def test_junk_values_answer_4xx_problem_documents(client: Any, admin: dict, targets: dict) -> None:
    for method, path, base, field in _bodies(targets):
        for value in JUNK:
            resp = client.open(
                f"{API}{path}", method=method, headers=admin, json={**base, field: value}
            )
            assert resp.status_code < 500, (method, path, field, value, resp.get_json())
            if resp.status_code >= 400:
                assert resp.content_type.startswith("application/problem+json")


def test_junk_line_values_answer_422(client: Any, admin: dict, targets: dict) -> None:
    for field in (
        "quantity",
        "discount_percent",
        "discount_amount",
        "tax_percent",
        "unit_price",
        "product_id",
    ):
        for value in JUNK:
            line = {"product_id": targets["product"], "quantity": 1, field: value}
            resp = client.post(
                f"{API}/quotes",
                headers=admin,
                json={"account_id": targets["account"], "lines": [line]},
            )
            assert resp.status_code < 500, (field, value, resp.get_json())


def test_malformed_json_and_wrong_media_type(client: Any, admin: dict) -> None:
    resp = client.post(
        f"{API}/leads", headers={**admin, "Content-Type": "application/json"}, data="{nope"
    )
    assert resp.status_code == 400
    resp = client.post(f"{API}/leads", headers={**admin, "Content-Type": "text/plain"}, data="x")
    assert resp.status_code == 415
    assert client.get(f"{API}/quotes/{uuid.uuid4()}", headers=admin).status_code == 404
