"""Leads over REST: capture, duplicates, lists, history, read-only after conversion."""

from __future__ import annotations

from typing import Any

API = "/api/sales/v1"


def test_creating_a_lead_answers_201_with_location_and_etag(client: Any, admin: dict) -> None:
    resp = client.post(
        f"{API}/leads",
        headers=admin,
        json={
            "last_name": "Lovelace",
            "first_name": "Ada",
            "company": "Analytical Ltd",
            "email": "ada@analytical.example",
            "lead_source": "Web Site",
            "lead_status": "Hot",
            "annual_revenue": {"amount": "1200000.00", "currency": "EUR"},
            "employees": 12,
            "address": {"city": "London", "country": "GB"},
            "tags": ["vip"],
        },
    )
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert resp.headers["Location"] == f"{API}/leads/{body['id']}"
    assert resp.headers["ETag"] == '"1"'
    assert body["annual_revenue"] == {"amount": "1200000.00", "currency": "EUR"}
    assert body["lead_status"] == "Hot" and body["possible_duplicate"] is False
    assert body["converted"] is False and body["tags"] == ["vip"]


def test_a_second_lead_with_the_same_email_or_name_and_company_is_flagged(
    client: Any, lead: Any
) -> None:
    first = lead(email="ada@analytical.example")
    by_email = lead(last_name="Other", company="Else", email="ADA@analytical.example")
    by_name = lead()
    fresh = lead(last_name="Babbage", company="Engines")
    assert by_email["possible_duplicate"] and by_email["duplicate_of"] == first["id"]
    assert by_name["possible_duplicate"] and not fresh["possible_duplicate"]


def test_bad_pick_list_values_are_422_naming_each_field(client: Any, admin: dict) -> None:
    resp = client.post(
        f"{API}/leads",
        headers=admin,
        json={"last_name": "X", "lead_status": "Sleepy", "industry": "Piracy", "email": "nope"},
    )
    assert resp.status_code == 422
    assert resp.content_type.startswith("application/problem+json")
    fields = {e["field"] for e in resp.get_json()["errors"]}
    assert fields == {"lead_status", "industry", "email"}


def test_unknown_fields_and_missing_last_name_are_422(client: Any, admin: dict) -> None:
    assert client.post(f"{API}/leads", headers=admin, json={"first_name": "A"}).status_code == 422
    assert (
        client.post(
            f"{API}/leads", headers=admin, json={"last_name": "A", "colour": "red"}
        ).status_code
        == 422
    )


def test_status_changes_are_recorded_with_who_and_when(client: Any, admin: dict, lead: Any) -> None:
    created = lead()
    resp = client.patch(
        f"{API}/leads/{created['id']}",
        headers={**admin, "If-Match": '"1"'},
        json={"lead_status": "Contacted"},
    )
    assert resp.status_code == 200 and resp.headers["ETag"] == '"2"'
    stale = client.patch(
        f"{API}/leads/{created['id']}",
        headers={**admin, "If-Match": '"1"'},
        json={"lead_status": "Hot"},
    )
    assert stale.status_code == 412
    history = client.get(f"{API}/leads/{created['id']}/history", headers=admin).get_json()
    assert [(h["from_status"], h["to_status"]) for h in history["items"]] == [
        (None, "Not Contacted"),
        ("Not Contacted", "Contacted"),
    ]


def test_lists_page_by_cursor_and_filter_and_search(client: Any, admin: dict, lead: Any) -> None:
    for n in range(5):
        lead(
            last_name=f"Person{n}",
            company=f"Co{n}",
            lead_status="Hot" if n % 2 else "Cold",
            tags=["x"] if n == 3 else [],
        )
    page1 = client.get(f"{API}/leads?limit=2&sort=last_name", headers=admin).get_json()
    assert [i["last_name"] for i in page1["items"]] == ["Person0", "Person1"]
    page2 = client.get(
        f"{API}/leads?limit=2&sort=last_name&cursor={page1['next_cursor']}", headers=admin
    ).get_json()
    assert [i["last_name"] for i in page2["items"]] == ["Person2", "Person3"]
    hot = client.get(f"{API}/leads?lead_status=Hot", headers=admin).get_json()["items"]
    assert sorted(i["last_name"] for i in hot) == ["Person1", "Person3"]
    found = client.get(f"{API}/leads?q=co4", headers=admin).get_json()["items"]
    assert [i["last_name"] for i in found] == ["Person4"]
    tagged = client.get(f"{API}/leads?tag=X", headers=admin).get_json()["items"]
    assert [i["last_name"] for i in tagged] == ["Person3"]
    assert client.get(f"{API}/leads?sort=colour", headers=admin).status_code == 400


def test_qualifying_makes_a_prospect_listed_separately(client: Any, admin: dict, lead: Any) -> None:
    created, _other = lead(), lead(last_name="Other")
    resp = client.post(
        f"{API}/leads/{created['id']}/qualify",
        headers=admin,
        json={"interest_level": "High", "budget": "50000", "potential_value": "80000"},
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["lead_status"] == "Qualified"
    prospects = client.get(f"{API}/prospects", headers=admin).get_json()["items"]
    assert [p["id"] for p in prospects] == [created["id"]]
    assert prospects[0]["budget"] == "50000"


def test_missing_lead_is_404_and_bad_id_400(client: Any, admin: dict) -> None:
    import uuid

    resp = client.get(f"{API}/leads/{uuid.uuid4()}", headers=admin)
    assert resp.status_code == 404 and resp.get_json()["status"] == 404
    assert client.get(f"{API}/leads/not-an-id", headers=admin).status_code == 400
    assert client.get(f"{API}/leads").status_code == 401


def test_the_openapi_document_lists_the_sales_routes(client: Any) -> None:
    resp = client.get(f"{API}/openapi.json")
    assert resp.status_code == 200
    paths = resp.get_json()["paths"]
    for path in (
        "/api/sales/v1/leads",
        "/api/sales/v1/leads/{lead_id}/convert",
        "/api/sales/v1/quotes/{quote_id}/approve",
        "/api/sales/v1/price-books",
        "/api/sales/v1/conversion-mapping",
        "/api/sales/v1/reports/pipeline",
    ):
        assert path in paths, path


def test_a_retried_create_with_the_same_idempotency_key_has_no_second_effect(
    client: Any, admin: dict
) -> None:
    headers = {**admin, "Idempotency-Key": "lead-create-1"}
    first = client.post(f"{API}/leads", headers=headers, json={"last_name": "Once"})
    second = client.post(f"{API}/leads", headers=headers, json={"last_name": "Once"})
    assert first.status_code == second.status_code == 201
    assert first.get_json()["id"] == second.get_json()["id"]
    assert len(client.get(f"{API}/leads", headers=admin).get_json()["items"]) == 1
