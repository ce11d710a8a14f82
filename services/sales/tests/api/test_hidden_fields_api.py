"""Hidden fields hidden everywhere in sales (issue 12, case 2): lists, searches, sorts,
histories and reports behave for the caller as if a hidden field did not exist."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import pytest

API = "/api/sales/v1"
SECRET = "31337.00"


@pytest.fixture
def people() -> dict[str, uuid.UUID]:
    return {"boss": uuid.uuid4(), "rep": uuid.uuid4()}


@pytest.fixture
def hide(policy: Any, people: dict) -> Any:
    """Give every user the sales profile with ``fields`` (records readable by all)."""

    def save(fields: dict[str, dict[str, str]]) -> None:
        users = {people["boss"]: "manager", people["rep"]: "rep"}
        policy(users, sharing="public_read", fields=fields)

    return save


@pytest.fixture
def deal(client: Any, admin: dict) -> dict[str, Any]:
    body = {
        "name": "Secret deal",
        "amount": {"amount": SECRET, "currency": "EUR"},
        "expected_close_date": "2026-12-31",
    }
    opp = client.post(f"{API}/opportunities", headers=admin, json=body).get_json()
    moved = client.patch(
        f"{API}/opportunities/{opp['id']}", headers=admin, json={"sales_stage": "Qualification"}
    )
    assert moved.status_code == 200, moved.get_json()
    return opp


def _403_naming(resp: Any, param: str, field: str) -> None:
    assert resp.status_code == 403, resp.get_json()
    body = resp.get_json()
    assert body["errors"][0]["field"] == param and f"'{field}'" in body["detail"]


def test_a_hidden_amount_is_left_out_of_reports_and_their_csv(
    client: Any, user: Any, people: dict, hide: Any, deal: dict
) -> None:
    hide({"opportunities": {"amount": "hidden"}})
    rep = user(people["rep"])
    for report in ("pipeline", "forecast"):
        rows = client.get(f"{API}/reports/{report}", headers=rep).get_json()["items"]
        assert rows and rows[0]["count"] == 1
        assert "amount" not in rows[0] and "weighted_amount" not in rows[0], report
        text = client.get(f"{API}/reports/{report}?format=csv", headers=rep).get_data(True)
        assert SECRET not in text and "amount" not in next(csv.reader(io.StringIO(text)))
    kpis = client.get(f"{API}/reports/kpis", headers=rep).get_json()
    assert "average_deal_size" not in kpis and "won" in kpis
    kpi_csv = client.get(f"{API}/reports/kpis?format=csv", headers=rep)
    assert kpi_csv.status_code == 200 and "average_deal_size" not in kpi_csv.get_data(True)


def test_a_hidden_probability_hides_the_weighted_sum_only(
    client: Any, user: Any, people: dict, hide: Any, deal: dict
) -> None:
    hide({"opportunities": {"probability": "hidden"}})
    rows = client.get(f"{API}/reports/pipeline", headers=user(people["rep"])).get_json()
    assert rows["items"][0]["amount"] == SECRET and "weighted_amount" not in rows["items"][0]


def test_reports_keep_their_sums_for_a_caller_who_sees_the_amount(
    client: Any, admin: dict, deal: dict
) -> None:
    rows = client.get(f"{API}/reports/pipeline", headers=admin).get_json()["items"]
    assert rows[0]["amount"] == SECRET and "weighted_amount" in rows[0]


def test_stage_history_leaves_out_the_hidden_amount_and_probability(
    client: Any, user: Any, people: dict, hide: Any, deal: dict
) -> None:
    hide({"opportunities": {"amount": "hidden", "probability": "hidden"}})
    url = f"{API}/opportunities/{deal['id']}/stage-history"
    items = client.get(url, headers=user(people["rep"])).get_json()["items"]
    assert [h["to_stage"] for h in items] == ["Prospecting", "Qualification"]
    assert all("amount" not in h and "probability" not in h for h in items)


def test_lead_history_leaves_out_statuses_when_lead_status_is_hidden(
    client: Any, admin: dict, user: Any, people: dict, hide: Any, lead: Any
) -> None:
    ada = lead()
    client.patch(f"{API}/leads/{ada['id']}", headers=admin, json={"lead_status": "Contacted"})
    hide({"leads": {"lead_status": "hidden"}})
    items = client.get(f"{API}/leads/{ada['id']}/history", headers=user(people["rep"]))
    assert items.status_code == 200, items.get_json()
    assert items.get_json()["items"] and all(
        "to_status" not in h and "from_status" not in h for h in items.get_json()["items"]
    )


def test_filters_and_sorts_on_hidden_lead_fields_are_403_naming_them(
    client: Any, user: Any, people: dict, hide: Any, lead: Any
) -> None:
    lead(email="ada@analytical.example")
    hide({"leads": {"score": "hidden", "email": "hidden", "lead_source": "hidden"}})
    rep = user(people["rep"])
    _403_naming(client.get(f"{API}/leads?min_score=0", headers=rep), "min_score", "score")
    _403_naming(client.get(f"{API}/leads?sort=-score", headers=rep), "sort", "score")
    _403_naming(
        client.get(f"{API}/leads?email=ada@analytical.example", headers=rep), "email", "email"
    )
    _403_naming(
        client.get(f"{API}/prospects?lead_source=Web", headers=rep), "lead_source", "lead_source"
    )
    resp = client.get(f"{API}/reports/leads-by-source", headers=rep)
    _403_naming(resp, "lead_source", "lead_source")
    assert client.get(f"{API}/reports/leads-by-status", headers=rep).status_code == 200
    assert client.get(f"{API}/leads?sort=last_name", headers=rep).status_code == 200


def test_q_does_not_match_hidden_lead_fields(
    client: Any, admin: dict, user: Any, people: dict, hide: Any, lead: Any
) -> None:
    ada = lead(email="ada@analytical.example", phone="+44 20 7946 0958")
    hide({"leads": {"email": "hidden", "phone": "hidden"}})
    rep = user(people["rep"])

    def found(term: str, headers: dict) -> list[str]:
        resp = client.get(f"{API}/leads", query_string={"q": term}, headers=headers)
        assert resp.status_code == 200, resp.get_json()
        return [x["id"] for x in resp.get_json()["items"]]

    for term in ("analytical.example", "7946", "20794609"):
        assert found(term, rep) == [], term
        assert found(term, admin) == [ada["id"]], term
    assert found("lovelace", rep) == [ada["id"]]
    assert found("ANALYTICAL ltd", rep) == [ada["id"]]


def test_hidden_opportunity_fields_cannot_be_filtered_or_sorted(
    client: Any, user: Any, people: dict, hide: Any, deal: dict
) -> None:
    hide({"opportunities": {"sales_stage": "hidden", "expected_close_date": "hidden"}})
    rep = user(people["rep"])
    url = f"{API}/opportunities?sales_stage=Qualification"
    _403_naming(client.get(url, headers=rep), "sales_stage", "sales_stage")
    url = f"{API}/opportunities?sort=expected_close_date"
    _403_naming(client.get(url, headers=rep), "sort", "expected_close_date")
    listed = client.get(f"{API}/opportunities", headers=rep).get_json()["items"]
    assert [x["id"] for x in listed] == [deal["id"]] and "sales_stage" not in listed[0]


def test_q_does_not_match_a_hidden_quote_subject_or_customer(
    client: Any, admin: dict, user: Any, people: dict, hide: Any, directory: Any, product: Any
) -> None:
    globex = directory.add("Globex Corporation")
    gadget = product(code="GAD-7781", name="Turbo Encabulator")
    body = {
        "account_id": str(globex),
        "subject": "Spring refit",
        "lines": [{"product_id": gadget["id"], "quantity": 1}],
    }
    made = client.post(f"{API}/quotes", headers=admin, json=body)
    assert made.status_code == 201, made.get_json()
    quote = made.get_json()
    hide({"quotes": {"subject": "hidden", "account_name": "hidden"}})
    rep = user(people["rep"])

    def found(term: str) -> list[str]:
        resp = client.get(f"{API}/quotes", query_string={"q": term}, headers=rep)
        assert resp.status_code == 200, resp.get_json()
        return [x["id"] for x in resp.get_json()["items"]]

    assert found("spring") == [] and found("globex") == []
    assert found("encabulator") == [quote["id"]] and found(quote["number"]) == [quote["id"]]
    hide({"quotes": {"lines": "hidden"}})
    assert found("encabulator") == [] and found("spring") == [quote["id"]]


def test_q_on_products_skips_a_hidden_name_and_a_code_filter_is_403(
    client: Any, user: Any, people: dict, hide: Any, product: Any
) -> None:
    gadget = product(code="GAD-4242", name="Turbo Encabulator")
    hide({"products": {"name": "hidden", "code": "hidden"}})
    rep = user(people["rep"])
    by_name = client.get(f"{API}/products", query_string={"q": "encabulator"}, headers=rep)
    assert by_name.status_code == 200 and by_name.get_json()["items"] == []
    _403_naming(client.get(f"{API}/products?code=GAD-4242", headers=rep), "code", "code")
    hide({"products": {"name": "hidden"}})
    by_code = client.get(f"{API}/products", query_string={"q": "gad-4242"}, headers=rep)
    assert [x["id"] for x in by_code.get_json()["items"]] == [gadget["id"]]


def test_a_quotes_copy_of_a_hidden_account_name_is_hidden_and_not_searched(
    client: Any, admin: dict, user: Any, people: dict, hide: Any, directory: Any, product: Any
) -> None:
    body = {
        "account_id": str(directory.add("Globex Corporation")),
        "lines": [{"product_id": product()["id"], "quantity": 1}],
    }
    quote = client.post(f"{API}/quotes", headers=admin, json=body).get_json()
    hide({"accounts": {"name": "hidden"}})
    rep = user(people["rep"])
    got = client.get(f"{API}/quotes/{quote['id']}", headers=rep).get_json()
    assert "account_name" not in got and got["number"] == quote["number"]
    found = client.get(f"{API}/quotes", query_string={"q": "globex"}, headers=rep).get_json()
    assert found["items"] == []


def test_kpis_for_one_owner_is_403_when_owner_is_hidden(
    client: Any, user: Any, people: dict, hide: Any
) -> None:
    hide({"opportunities": {"owner_id": "hidden"}})
    rep = user(people["rep"])
    url = f"{API}/reports/kpis?owner_id={people['rep']}"
    _403_naming(client.get(url, headers=rep), "owner_id", "owner_id")
    assert client.get(f"{API}/reports/kpis", headers=rep).status_code == 200


def test_a_price_list_leaves_out_a_hidden_product_name(
    client: Any, admin: dict, user: Any, people: dict, hide: Any, product: Any
) -> None:
    gadget = product(code="GAD-5151", name="Turbo Encabulator")
    book = client.post(
        f"{API}/price-books", headers=admin, json={"name": "Book", "currency": "EUR"}
    ).get_json()
    url = f"{API}/price-books/{book['id']}/prices"
    put = client.put(f"{url}/{gadget['id']}", headers=admin, json={"list_price": "9.50"})
    assert put.status_code == 200, put.get_json()
    hide({"products": {"name": "hidden"}})
    rows = client.get(url, headers=user(people["rep"])).get_json()["items"]
    assert rows[0]["product_code"] == "GAD-5151" and "product_name" not in rows[0]
