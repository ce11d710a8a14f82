"""Case 4: changing, adding or deleting a scoring rule rescores the leads in the background
(the worker's step), with each score's breakdown; ``min_score`` then sees the fresh score."""

from __future__ import annotations

import uuid
from typing import Any

from crm_sales.domain.commands import RescoreLeads

API = "/api/sales/v1"
TECH = {"name": "Tech", "field": "industry", "operator": "equals", "value": "Technology"}


def _rule(client: Any, admin: dict, **body: Any) -> dict:
    resp = client.post(f"{API}/scoring-rules", headers=admin, json=body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def _ids(client: Any, admin: dict, min_score: int) -> set[str]:
    items = client.get(f"{API}/leads?min_score={min_score}", headers=admin).get_json()["items"]
    return {i["id"] for i in items}


def _get(client: Any, admin: dict, lead_id: str) -> dict:
    return client.get(f"{API}/leads/{lead_id}", headers=admin).get_json()


def test_rule_changes_rescore_in_the_background_with_a_breakdown(
    client: Any, admin: dict, lead: Any, service: Any
) -> None:
    tech = _rule(client, admin, points=20, **TECH)
    hot = lead(industry="Technology", email="ada@corp.example")
    assert hot["score"] == 20
    assert hot["score_breakdown"] == [{"rule_id": tech["id"], "name": "Tech", "points": 20}]
    cold = lead(last_name="Cold", industry="Retail")
    assert (cold["score"], cold["score_breakdown"]) == (0, [])

    # add a rule: old leads keep their score until the worker's step, then have it
    free = _rule(client, admin, field="email", operator="domain_in", value="corp.example", points=5)
    assert _get(client, admin, hot["id"])["score"] == 20
    assert service.run(RescoreLeads()) == 2  # both leads now carry the new scoring version
    fresh = _get(client, admin, hot["id"])
    assert fresh["score"] == 25 and fresh["version"] == hot["version"]
    assert {p["rule_id"]: p["points"] for p in fresh["score_breakdown"]} == {
        tech["id"]: 20,
        free["id"]: 5,
    }
    assert _ids(client, admin, 25) == {hot["id"]}

    # change a rule
    patched = client.patch(f"{API}/scoring-rules/{tech['id']}", headers=admin, json={"points": 50})
    assert patched.status_code == 200 and patched.get_json()["points"] == 50
    service.run(RescoreLeads())
    assert _get(client, admin, hot["id"])["score"] == 55
    assert _ids(client, admin, 50) == {hot["id"]}

    # delete a rule
    assert client.delete(f"{API}/scoring-rules/{tech['id']}", headers=admin).status_code == 204
    service.run(RescoreLeads())
    after = _get(client, admin, hot["id"])
    assert after["score"] == 5 and [p["rule_id"] for p in after["score_breakdown"]] == [free["id"]]
    assert _ids(client, admin, 50) == set() and _ids(client, admin, 5) == {hot["id"]}
    assert service.run(RescoreLeads()) == 0  # idempotent: nothing left to do


def test_rescoring_walks_every_lead_in_batches(
    client: Any, admin: dict, lead: Any, service: Any
) -> None:
    made = [lead(last_name=f"L{n}", industry="Technology")["id"] for n in range(7)]
    _rule(client, admin, points=3, **TECH)
    assert service.run(RescoreLeads(batch_size=2)) == 7
    assert _ids(client, admin, 3) == set(made)


def test_rule_patch_is_for_administrators_and_checked(client: Any, admin: dict, user: Any) -> None:
    rule = _rule(client, admin, points=1, **TECH)
    url = f"{API}/scoring-rules/{rule['id']}"
    assert client.patch(url, headers=user(uuid.uuid4()), json={"points": 2}).status_code == 403
    bad = client.patch(url, headers=admin, json={"operator": "resembles"})
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "operator"
    null = client.patch(url, headers=admin, json={"points": None})
    assert null.status_code == 422 and null.get_json()["errors"][0]["field"] == "points"
    missing = client.patch(f"{API}/scoring-rules/{uuid.uuid4()}", headers=admin, json={})
    assert missing.status_code == 404


def test_a_hidden_score_hides_its_breakdown(
    client: Any, user: Any, policy: Any, admin: dict
) -> None:
    rep = uuid.uuid4()
    policy({rep: "rep"}, fields={"leads": {"score": "hidden"}})
    _rule(client, admin, points=1, **TECH)
    created = client.post(
        f"{API}/leads", headers=user(rep), json={"last_name": "X", "industry": "Technology"}
    ).get_json()
    assert "score" not in created and "score_breakdown" not in created
