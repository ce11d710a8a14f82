"""POST /leads/imports honours Idempotency-Key (issue 15): a retry after a lost answer gets
the first report and creates no lead twice; the key with another CSV is 422."""

from __future__ import annotations

from typing import Any

API = "/api/sales/v1"
CSV = "last_name,email\nOnce,once@x.example\nTwice,twice@x.example\n"


def _leads(client: Any, admin: dict) -> list[str]:
    items = client.get(f"{API}/leads?limit=500", headers=admin).get_json()["items"]
    return sorted(x["last_name"] for x in items)


def test_the_same_key_twice_imports_once_and_answers_the_same_report(
    client: Any, admin: dict
) -> None:
    headers = {**admin, "Idempotency-Key": "lead-import-1"}
    first = client.post(f"{API}/leads/imports", headers=headers, json={"csv": CSV})
    assert first.status_code == 200, first.get_json()
    second = client.post(f"{API}/leads/imports", headers=headers, json={"csv": CSV})
    assert second.status_code == 200 and second.headers["Idempotent-Replayed"] == "true"
    assert second.get_json() == first.get_json()
    assert len(first.get_json()["created_ids"]) == 2
    assert _leads(client, admin) == ["Once", "Twice"]


def test_the_same_key_with_another_csv_is_422_and_imports_nothing(client: Any, admin: dict) -> None:
    headers = {**admin, "Idempotency-Key": "lead-import-2"}
    assert (
        client.post(f"{API}/leads/imports", headers=headers, json={"csv": CSV}).status_code == 200
    )
    other = "last_name\nOther\n"
    reused = client.post(f"{API}/leads/imports", headers=headers, json={"csv": other})
    assert reused.status_code == 422
    assert reused.headers["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in reused.get_json()["errors"]] == ["Idempotency-Key"]
    assert _leads(client, admin) == ["Once", "Twice"]


def test_without_a_key_a_repeat_imports_again(client: Any, admin: dict) -> None:
    for _ in range(2):
        assert (
            client.post(f"{API}/leads/imports", headers=admin, json={"csv": CSV}).status_code == 200
        )
    assert _leads(client, admin) == ["Once", "Once", "Twice", "Twice"]
