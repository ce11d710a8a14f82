"""Roles: the seeded hierarchy, create, move, delete; errors; the policy."""

from __future__ import annotations

import pytest

from crm_identity.domain import defaults

BASE = "/api/identity/v1"


def test_the_default_hierarchy_is_seeded(client, admin_headers):
    roles = {
        r["name"]: r for r in client.get(f"{BASE}/roles", headers=admin_headers).get_json()["items"]
    }
    assert roles["Organisation"]["parent_id"] is None
    assert roles["CEO"]["parent_id"] == roles["Organisation"]["id"]
    assert roles["VP Sales"]["parent_id"] == roles["CEO"]["id"]
    assert roles["Sales Manager"]["parent_id"] == roles["VP Sales"]["id"]
    assert roles["Sales Rep"]["parent_id"] == roles["Sales Manager"]["id"]
    assert roles["Support Agent"]["parent_id"] == roles["Support Manager"]["id"]


def test_creating_a_role_is_201_with_location_etag_audit_and_a_new_policy(
    client, admin_headers, policy, a_role
):
    before = policy.events()[-1]["version"]
    resp = a_role()
    body = resp.get_json()
    assert resp.headers["Location"] == f"{BASE}/roles/{body['id']}"
    assert resp.headers["ETag"] == '"1"'
    events = policy.events()
    assert int(events[-1]["version"]) == int(before) + 1
    snapshot = policy.latest()
    assert snapshot.version == int(before) + 1
    assert any(
        r.id == body["id"] and r.parent_id == str(defaults.SALES_MANAGER) for r in snapshot.roles
    )
    audit = client.get(f"{BASE}/audit-events?type=role.created", headers=admin_headers)
    [entry] = audit.get_json()["items"]
    assert entry["subject_id"] == body["id"] and entry["details"]["name"] == "Inside Sales"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"name": "", "parent_id": str(defaults.CEO), "profile_ids": [str(defaults.READ_ONLY)]},
            "name",
        ),
        ({"name": "X", "parent_id": str(defaults.CEO), "profile_ids": []}, "profile_ids"),
        (
            {"name": "X", "parent_id": str(defaults.CEO), "profile_ids": [str(defaults.CEO)]},
            "profile_ids",
        ),
        (
            {
                "name": "X",
                "parent_id": str(defaults.READ_ONLY),
                "profile_ids": [str(defaults.READ_ONLY)],
            },
            "parent_id",
        ),
        ({"name": "X", "profile_ids": [str(defaults.READ_ONLY)]}, "parent_id"),
    ],
)
def test_invalid_roles_are_422_naming_the_field(client, admin_headers, body, field, policy):
    before = len(policy.events())
    resp = client.post(f"{BASE}/roles", json=body, headers=admin_headers)
    assert resp.status_code == 422, resp.get_json()
    assert field in [e["field"] for e in resp.get_json()["errors"]]
    assert len(policy.events()) == before  # nothing half-written


def test_a_duplicate_role_name_is_409(client, admin_headers, a_role):
    a_role()
    resp = client.post(
        f"{BASE}/roles",
        json={
            "name": "inside sales",
            "parent_id": str(defaults.CEO),
            "profile_ids": [str(defaults.READ_ONLY)],
        },
        headers=admin_headers,
    )
    assert resp.status_code == 409


def test_moving_a_role_below_its_own_subordinate_is_409(client, admin_headers):
    resp = client.patch(
        f"{BASE}/roles/{defaults.VP_SALES}",
        json={"parent_id": str(defaults.SALES_REP)},
        headers=admin_headers,
    )
    assert resp.status_code == 409
    assert resp.get_json()["errors"][0]["field"] == "parent_id"
    resp = client.patch(
        f"{BASE}/roles/{defaults.VP_SALES}",
        json={"parent_id": str(defaults.VP_SALES)},
        headers=admin_headers,
    )
    assert resp.status_code == 409


def test_moving_a_role_works_and_a_stale_if_match_is_412(client, admin_headers):
    url = f"{BASE}/roles/{defaults.SUPPORT_MANAGER}"
    etag = client.get(url, headers=admin_headers).headers["ETag"]
    resp = client.patch(
        url, json={"parent_id": str(defaults.VP_SALES)}, headers={**admin_headers, "If-Match": etag}
    )
    assert resp.status_code == 200 and resp.get_json()["parent_id"] == str(defaults.VP_SALES)
    stale = client.patch(
        url, json={"name": "Care Lead"}, headers={**admin_headers, "If-Match": etag}
    )
    assert stale.status_code == 412


def test_deleting_a_role_with_users_or_subordinates_is_409_else_204(
    client, admin_headers, new_user, a_role
):
    assert (
        client.delete(f"{BASE}/roles/{defaults.SALES_MANAGER}", headers=admin_headers).status_code
        == 409
    )
    role_id = a_role().get_json()["id"]
    user = new_user(role_id=role_id)
    resp = client.delete(f"{BASE}/roles/{role_id}", headers=admin_headers)
    assert resp.status_code == 409
    client.patch(
        f"{BASE}/users/{user.id}", json={"role_id": str(defaults.SALES_REP)}, headers=admin_headers
    )
    assert client.delete(f"{BASE}/roles/{role_id}", headers=admin_headers).status_code == 204
    assert client.get(f"{BASE}/roles/{role_id}", headers=admin_headers).status_code == 404
