"""Profiles and groups: field modes, validation, members, the policy."""

from __future__ import annotations

import pytest

from crm_identity.domain import defaults

BASE = "/api/identity/v1"


def test_a_profile_with_field_modes_reaches_the_snapshot(client, admin_headers, policy, a_profile):
    profile = a_profile(
        fields={"leads": {"annual_revenue": "hidden", "rating": "read_only", "city": "editable"}},
    )
    assert profile["fields"] == {"leads": {"annual_revenue": "hidden", "rating": "read_only"}}
    [published] = [p for p in policy.latest().profiles if p.id == profile["id"]]
    assert published.modules == {"leads": ("view", "create")}
    assert published.fields["leads"]["annual_revenue"] == "hidden"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "P", "modules": {"spaceships": ["view"]}}, "modules.spaceships"),
        ({"name": "P", "modules": {"leads": ["fly"]}}, "modules.leads.0"),
        ({"name": "P", "fields": {"leads": {"x": "secret"}}}, "fields.leads.x"),
        ({"name": " "}, "name"),
    ],
)
def test_invalid_profiles_are_422_naming_the_field(client, admin_headers, body, field):
    resp = client.post(f"{BASE}/profiles", json=body, headers=admin_headers)
    assert resp.status_code == 422, resp.get_json()
    assert field in [e["field"] for e in resp.get_json()["errors"]]


def test_changing_a_profile_publishes_and_deleting_one_in_use_is_409(
    client, admin_headers, policy, a_profile
):
    url = f"{BASE}/profiles/{defaults.SALES_PROFILE}"
    version = policy.latest().version
    resp = client.patch(url, json={"modules": {"leads": ["view"]}}, headers=admin_headers)
    assert resp.status_code == 200 and resp.get_json()["version"] == 2
    snapshot = policy.latest()
    assert snapshot.version == version + 1
    [sales] = [p for p in snapshot.profiles if p.id == str(defaults.SALES_PROFILE)]
    assert sales.modules == {"leads": ("view",)}
    assert client.delete(url, headers=admin_headers).status_code == 409
    unused = a_profile()
    assert (
        client.delete(f"{BASE}/profiles/{unused['id']}", headers=admin_headers).status_code == 204
    )


def test_groups_crud_validates_members(client, admin_headers, new_user, policy):
    user = new_user()
    resp = client.post(
        f"{BASE}/groups",
        json={
            "name": "Key Accounts",
            "user_ids": [str(user.id)],
            "role_ids": [str(defaults.CEO)],
            "role_and_subordinate_ids": [str(defaults.SALES_MANAGER)],
        },
        headers=admin_headers,
    )
    assert resp.status_code == 201
    group = resp.get_json()
    [published] = [g for g in policy.latest().groups if g.id == group["id"]]
    assert published.user_ids == (str(user.id),)
    bad = client.post(
        f"{BASE}/groups",
        json={"name": "Ghosts", "user_ids": ["00000000-0000-4000-8000-000000000000"]},
        headers=admin_headers,
    )
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "user_ids"
    dup = client.post(f"{BASE}/groups", json={"name": "key accounts"}, headers=admin_headers)
    assert dup.status_code == 409
    url = f"{BASE}/groups/{group['id']}"
    patched = client.patch(url, json={"user_ids": []}, headers=admin_headers)
    assert patched.status_code == 200 and patched.get_json()["user_ids"] == []
    assert client.delete(url, headers={**admin_headers, "If-Match": '"1"'}).status_code == 412
    assert client.delete(url, headers=admin_headers).status_code == 204
