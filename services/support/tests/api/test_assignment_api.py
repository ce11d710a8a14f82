"""Assignment rules and owners over REST: administrators keep the rules, new tickets follow
them, and every owner passes the one owner check (an active internal user or a group)."""

from __future__ import annotations

import dataclasses
import uuid

from crm_access.model import UserFacts

API = "/api/support/v1"


def test_admins_keep_rules_that_assign_new_tickets(client, admin, user, ticket, policy):
    lead, agent, group = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    policy({lead: "manager", agent: "agent"}, groups={group: [agent]})
    rule = {
        "name": "Big",
        "priority": 1,
        "target": "owner",
        "owner_id": str(lead),
        "criteria": {"category": "Big Problem"},
    }
    staff = user(agent)
    assert client.post(f"{API}/assignment-rules", json=rule, headers=staff).status_code == 403
    made = client.post(f"{API}/assignment-rules", json=rule, headers=admin)
    assert made.status_code == 201 and made.get_json()["owner_kind"] == "user"
    rr = {"name": "Rest", "priority": 5, "target": "round_robin", "group_id": str(group)}
    assert client.post(f"{API}/assignment-rules", json=rr, headers=admin).status_code == 201
    assert ticket(category="Big Problem")["owner_id"] == str(lead)
    assert ticket()["owner_id"] == str(agent)
    listed = client.get(f"{API}/assignment-rules", headers=staff).get_json()["items"]
    assert [r["name"] for r in listed] == ["Big", "Rest"]
    rule_url = f"{API}/assignment-rules/{made.get_json()['id']}"
    changed = client.put(rule_url, json={**rule, "active": False}, headers=admin)
    assert changed.status_code == 200 and changed.get_json()["active"] is False
    assert ticket(category="Big Problem")["owner_id"] == str(agent)
    assert client.delete(rule_url, headers=admin).status_code == 204
    assert client.delete(rule_url, headers=admin).status_code == 404


def test_bad_rules_are_422_naming_the_field(client, admin, policy):
    policy({})
    cases = [
        ({"name": "x", "target": "owner"}, "owner_id"),
        ({"name": "x", "target": "round_robin", "group_id": str(uuid.uuid4())}, "group_id"),
        ({"name": "x", "target": "owner", "owner_id": str(uuid.uuid4())}, "owner_id"),
    ]
    for body, field in cases:
        resp = client.post(f"{API}/assignment-rules", json=body, headers=admin)
        assert resp.status_code == 422, resp.get_json()
        assert field in {e["field"] for e in resp.get_json()["errors"]}


def test_owners_must_be_active_internal_users_or_groups(client, admin, ticket, policy, service):
    ids = {name: uuid.uuid4() for name in ("agent", "gone", "portal", "group")}
    snap = policy(
        {ids["agent"]: "agent", ids["gone"]: "agent"},
        groups={ids["group"]: [ids["agent"]]},
    )
    gone = next(u for u in snap.users if u.id == str(ids["gone"]))
    users = [u for u in snap.users if u.id != gone.id]
    users += [dataclasses.replace(gone, active=False), UserFacts(str(ids["portal"]), kind="portal")]
    service.access.store.save(
        dataclasses.replace(snap, version=snap.version + 1, users=tuple(users))
    )
    for bad in (uuid.uuid4(), ids["gone"], ids["portal"]):
        resp = client.post(
            f"{API}/tickets", json={"title": "x", "owner_id": str(bad)}, headers=admin
        )
        assert resp.status_code == 422
        assert [e["field"] for e in resp.get_json()["errors"]] == ["owner_id"]
    grouped = ticket(owner_id=str(ids["group"]))
    assert grouped["owner_kind"] == "group"
    assert ticket(owner_id=str(ids["agent"]))["owner_kind"] == "user"
