"""Access enforcement on sales records: scope in SQL, 404 for invisible, 403 for read-only."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

API = "/api/sales/v1"


@pytest.fixture
def org(policy: Any) -> dict[str, uuid.UUID]:
    people = {"boss": uuid.uuid4(), "north": uuid.uuid4(), "south": uuid.uuid4()}
    policy({people["boss"]: "manager", people["north"]: "rep", people["south"]: "rep"})
    return people


def test_a_rep_lists_and_sees_only_own_leads_and_the_manager_sees_both(
    client: Any, user: Any, lead: Any, org: dict
) -> None:
    north, south, boss = (user(org[k]) for k in ("north", "south", "boss"))
    mine = lead(headers=north, last_name="North")
    theirs = lead(headers=south, last_name="South")
    listed = client.get(f"{API}/leads", headers=north).get_json()["items"]
    assert [x["id"] for x in listed] == [mine["id"]]
    assert client.get(f"{API}/leads/{theirs['id']}", headers=north).status_code == 404
    assert (
        client.patch(
            f"{API}/leads/{theirs['id']}", headers=north, json={"lead_status": "Hot"}
        ).status_code
        == 404
    )
    assert (
        client.post(f"{API}/leads/{theirs['id']}/convert", headers=north, json={}).status_code
        == 404
    )
    both = client.get(f"{API}/leads", headers=boss).get_json()["items"]
    assert {x["id"] for x in both} == {mine["id"], theirs["id"]}


def test_read_only_sharing_answers_403_on_edit_but_shows_the_record(
    client: Any, user: Any, lead: Any, org: dict, policy: Any
) -> None:
    policy(
        {org["boss"]: "manager", org["north"]: "rep", org["south"]: "rep"}, sharing="public_read"
    )
    theirs = lead(headers=user(org["south"]))
    north = user(org["north"])
    assert client.get(f"{API}/leads/{theirs['id']}", headers=north).status_code == 200
    resp = client.patch(f"{API}/leads/{theirs['id']}", headers=north, json={"lead_status": "Hot"})
    assert resp.status_code == 403


def test_hidden_fields_are_redacted_and_read_only_fields_refused(
    client: Any, user: Any, lead: Any, org: dict, policy: Any
) -> None:
    policy(
        {org["boss"]: "manager", org["north"]: "rep", org["south"]: "rep"},
        fields={"leads": {"annual_revenue": "hidden", "rating": "read_only"}},
    )
    north = user(org["north"])
    created = lead(headers=north)
    body = client.get(f"{API}/leads/{created['id']}", headers=north).get_json()
    assert "annual_revenue" not in body and "rating" in body
    listed = client.get(f"{API}/leads", headers=north).get_json()["items"][0]
    assert "annual_revenue" not in listed
    resp = client.patch(f"{API}/leads/{created['id']}", headers=north, json={"rating": "Active"})
    assert resp.status_code == 403 and "rating" in resp.get_json()["detail"]
    create = client.post(
        f"{API}/leads",
        headers=north,
        json={"last_name": "X", "annual_revenue": {"amount": "1", "currency": "EUR"}},
    )
    assert create.status_code == 403


def test_a_group_owned_lead_is_visible_to_its_members_only(
    client: Any, user: Any, lead: Any, org: dict, policy: Any, admin: dict
) -> None:
    group = uuid.uuid4()
    policy(
        {org["boss"]: "manager", org["north"]: "rep", org["south"]: "rep"},
        groups={group: [org["north"]]},
    )
    shared = lead(owner_id=str(group))
    assert client.get(f"{API}/leads/{shared['id']}", headers=user(org["north"])).status_code == 200
    assert client.get(f"{API}/leads/{shared['id']}", headers=user(org["south"])).status_code == 404


def test_without_the_module_the_answer_is_403(client: Any, user: Any) -> None:
    nobody = user(uuid.uuid4(), "products.view")
    assert client.get(f"{API}/leads", headers=nobody).status_code == 403
    assert client.get(f"{API}/products", headers=nobody).status_code == 200


def test_opportunities_quotes_follow_the_same_scope(
    client: Any, user: Any, org: dict, product: Any, directory: Any
) -> None:
    north, south = user(org["north"]), user(org["south"])
    opp = client.post(
        f"{API}/opportunities",
        headers=south,
        json={"name": "Deal", "amount": {"amount": "100", "currency": "EUR"}},
    )
    assert opp.status_code == 201
    assert (
        client.get(f"{API}/opportunities/{opp.get_json()['id']}", headers=north).status_code == 404
    )
    assert client.get(f"{API}/opportunities", headers=north).get_json()["items"] == []
    account = str(directory.add("Acme"))
    q = client.post(
        f"{API}/quotes",
        headers=south,
        json={"account_id": account, "lines": [{"product_id": product()["id"], "quantity": 1}]},
    )
    assert q.status_code == 201
    assert (
        client.post(f"{API}/quotes/{q.get_json()['id']}/approve", headers=north).status_code == 404
    )
    assert client.get(f"{API}/reports/pipeline", headers=north).get_json()["items"] == []


def test_a_csv_report_is_an_export_and_needs_the_export_action(client: Any, user: Any) -> None:
    viewer = user(uuid.uuid4(), "opportunities.view", "leads.view")
    assert client.get(f"{API}/reports/pipeline", headers=viewer).status_code == 200
    assert client.get(f"{API}/reports/pipeline?format=csv", headers=viewer).status_code == 403
    exporter = user(uuid.uuid4(), "opportunities.view", "opportunities.export")
    assert client.get(f"{API}/reports/pipeline?format=csv", headers=exporter).status_code == 200
