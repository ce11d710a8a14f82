"""Campaigns over REST: CRUD, the status machine, keyset lists, access, bad input."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from crm_chassis.testing.tokens import TokenFactory

API = "/api/marketing/v1"
URL = f"{API}/campaigns"
ALL = ["view", "create", "edit", "delete", "export"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def staff(tokens: TokenFactory, sub: UUID, *perms: str) -> dict[str, str]:
    perms = perms or tuple(f"campaigns.{a}" for a in ALL)
    return bearer(tokens.issue(str(sub), perms=list(perms)))


def snapshot(version: int, users: dict[UUID, str], *, sharing: str = "private") -> Any:
    """A policy: users by role ("manager" over "rep"), one marketing profile."""
    from crm_access.model import PolicySnapshot

    return PolicySnapshot.from_dict(
        {
            "version": version,
            "users": [
                {"id": str(u), "role_id": r, "active": True, "is_admin": False}
                for u, r in users.items()
            ],
            "roles": [
                {"id": "manager", "name": "Marketing Manager", "profile_ids": ["mkt"]},
                {"id": "rep", "name": "Rep", "parent_id": "manager", "profile_ids": ["mkt"]},
            ],
            "profiles": [
                {"id": "mkt", "name": "Marketing", "modules": {"campaigns": ALL}, "fields": {}}
            ],
            "groups": [],
            "sharing_defaults": {"campaigns": sharing},
        }
    )


def a_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "Spring trade fair",
        "campaign_type": "Trade Show",
        "start_date": "2026-03-01",
        "end_date": "2026-03-31",
        "budget": "5000",
        "actual_cost": "4200.50",
        "expected_revenue": "20000",
        "expected_response": "Good",
        "target_audience": "Retail buyers",
        "target_size": 1200,
    }
    body.update(overrides)
    return body


def new_id() -> str:
    return str(uuid.uuid4())


def test_create_read_and_defaults(client, token_factory):
    admin = bearer(token_factory.admin(new_id()))
    created = client.post(URL, json=a_body(), headers=admin)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert created.headers["Location"].endswith(body["id"])
    assert (body["status"], body["currency"], body["budget"]) == ("Planning", "EUR", "5000.00")
    assert body["allowed_next"] == ["Active", "Cancelled"]
    got = client.get(f"{URL}/{body['id']}", headers=admin)
    assert got.status_code == 200 and got.headers["ETag"]
    assert got.get_json()["actual_cost"] == "4200.50"


def test_bad_input_is_422_naming_every_field_and_writes_nothing(client, token_factory):
    admin = bearer(token_factory.admin(new_id()))
    bad = a_body(end_date="2026-02-01", campaign_type="Carrier pigeon", currency="XYZ")
    answer = client.post(URL, json=bad, headers=admin)
    assert answer.status_code == 422
    named = {e["field"] for e in answer.get_json()["errors"]}
    assert named == {"end_date", "campaign_type", "currency"}
    assert client.post(URL, json={"name": ""}, headers=admin).status_code == 422
    assert client.post(URL, json=a_body(budget=12.5), headers=admin).status_code == 422
    assert client.get(URL, headers=admin).get_json()["items"] == []


def test_status_moves_along_the_machine(client, token_factory):
    admin = bearer(token_factory.admin(new_id()))
    cid = client.post(URL, json=a_body(), headers=admin).get_json()["id"]
    refused = client.patch(f"{URL}/{cid}", json={"status": "Completed"}, headers=admin)
    assert refused.status_code == 409
    problem = refused.get_json()
    assert (problem["current_status"], problem["allowed_next"]) == (
        "Planning",
        ["Active", "Cancelled"],
    )
    for status in ("Active", "Inactive", "Completed"):
        moved = client.patch(f"{URL}/{cid}", json={"status": status}, headers=admin)
        assert moved.status_code == 200 and moved.get_json()["status"] == status
    assert client.patch(f"{URL}/{cid}", json={"status": "Active"}, headers=admin).status_code == 422
    reopened = client.patch(
        f"{URL}/{cid}", json={"status": "Active", "reason": "extended"}, headers=admin
    )
    assert reopened.get_json()["status"] == "Active"
    unknown = client.patch(f"{URL}/{cid}", json={"status": "Paused"}, headers=admin)
    assert unknown.status_code == 422


def test_patch_fields_if_match_and_delete(client, token_factory):
    admin = bearer(token_factory.admin(new_id()))
    cid = client.post(URL, json=a_body(), headers=admin).get_json()["id"]
    stale = client.patch(f"{URL}/{cid}", json={"name": "x"}, headers={**admin, "If-Match": '"7"'})
    assert stale.status_code == 412
    changed = client.patch(
        f"{URL}/{cid}", json={"actual_cost": "100", "sponsor": "ACME"}, headers=admin
    )
    assert changed.status_code == 200
    assert (changed.get_json()["actual_cost"], changed.get_json()["version"]) == ("100.00", 2)
    bad = client.patch(f"{URL}/{cid}", json={"end_date": "2025-01-01"}, headers=admin)
    assert bad.status_code == 422
    assert client.get(f"{URL}/{cid}", headers=admin).get_json()["end_date"] == "2026-03-31"
    assert client.delete(f"{URL}/{cid}", headers=admin).status_code == 204
    assert client.get(f"{URL}/{cid}", headers=admin).status_code == 404
    assert client.delete(f"{URL}/{cid}", headers=admin).status_code == 404


def test_list_filters_searches_sorts_and_pages(client, token_factory):
    admin = bearer(token_factory.admin(new_id()))
    for n, kind in enumerate(["Webinar", "Email", "Webinar", "Trade Show", "Webinar"]):
        client.post(URL, json=a_body(name=f"C{n} {kind}", campaign_type=kind), headers=admin)
    webinars = client.get(f"{URL}?campaign_type=Webinar", headers=admin).get_json()["items"]
    assert len(webinars) == 3
    found = client.get(f"{URL}?q=trade", headers=admin).get_json()["items"]
    assert [c["name"] for c in found] == ["C3 Trade Show"]
    names, cursor = [], None
    while True:
        query = f"{URL}?sort=name&limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(query, headers=admin).get_json()
        names += [c["name"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert names == sorted(names) and len(names) == 5
    assert client.get(f"{URL}?sort=budget", headers=admin).status_code == 400


def test_no_module_is_403_before_validation(client, token_factory):
    nobody = bearer(token_factory.issue(new_id(), perms=["leads.view"]))
    assert client.post(URL, json={"name": ""}, headers=nobody).status_code == 403
    assert client.get(URL, headers=nobody).status_code == 403


def test_private_campaigns_are_invisible_to_peers_and_visible_to_managers(
    client, service, token_factory
):
    rep, peer, boss = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    service.access.store.save(snapshot(1, {rep: "rep", peer: "rep", boss: "manager"}))
    cid = client.post(URL, json=a_body(), headers=staff(token_factory, rep)).get_json()["id"]
    assert client.get(f"{URL}/{cid}", headers=staff(token_factory, peer)).status_code == 404
    assert client.get(URL, headers=staff(token_factory, peer)).get_json()["items"] == []
    assert client.get(f"{URL}/{cid}", headers=staff(token_factory, boss)).status_code == 200
    bad_owner = client.post(URL, json=a_body(owner_id=new_id()), headers=staff(token_factory, rep))
    assert bad_owner.status_code == 422
    assert bad_owner.get_json()["errors"][0]["field"] == "owner_id"
