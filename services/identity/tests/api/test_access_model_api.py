"""Admin REST API of the access model: roles, profiles, groups, sharing; errors; events."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from crm_access.model import PolicySnapshot
from crm_identity.domain import defaults

BASE = "/api/identity/v1"


def policy_events(identity):
    with identity.db.reading() as s:
        rows = s.execute(
            sa.text(
                "SELECT body FROM outbox WHERE type = 'identity.policy.changed.v1' ORDER BY seq"
            )
        ).all()
    return [json.loads(r.body)["data"] for r in rows]


def latest_snapshot(identity) -> PolicySnapshot:
    return PolicySnapshot.from_json(policy_events(identity)[-1]["snapshot_json"])


def a_profile(client, headers, **fields):
    body = {"name": "Leads Only", "modules": {"leads": ["view", "create"]}, **fields}
    resp = client.post(f"{BASE}/profiles", json=body, headers=headers)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def a_role(client, headers, name="Inside Sales", parent=defaults.SALES_MANAGER, profiles=None):
    body = {
        "name": name,
        "parent_id": str(parent),
        "profile_ids": [str(p) for p in (profiles or [defaults.SALES_PROFILE])],
    }
    resp = client.post(f"{BASE}/roles", json=body, headers=headers)
    assert resp.status_code == 201, resp.get_json()
    return resp


# -- auth --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/roles", "/profiles", "/groups", "/sharing-rules", "/sharing-defaults", "/audit-events"],
)
def test_admin_collections_need_a_token_and_an_administrator(client, user_headers, path):
    assert client.get(BASE + path).status_code == 401
    resp = client.get(BASE + path, headers=user_headers)
    assert resp.status_code == 403
    assert resp.headers["Content-Type"].startswith("application/problem+json")


def test_a_demoted_admin_loses_admin_access_at_once_despite_the_token(
    client, admin_headers, new_user, password_token
):
    second = new_user(is_admin=True, email="second@example.test", password="other-Admin-pw1")
    headers = {
        "Authorization": "Bearer " + password_token(second.email, "other-Admin-pw1")["access_token"]
    }
    assert client.get(f"{BASE}/roles", headers=headers).status_code == 200
    resp = client.patch(
        f"{BASE}/users/{second.id}", json={"is_admin": False}, headers=admin_headers
    )
    assert resp.status_code == 200 and resp.get_json()["roles"] == ["user"]
    assert client.get(f"{BASE}/roles", headers=headers).status_code == 403


# -- roles -------------------------------------------------------------------------------


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
    client, admin_headers, identity
):
    before = policy_events(identity)[-1]["version"]
    resp = a_role(client, admin_headers)
    body = resp.get_json()
    assert resp.headers["Location"] == f"{BASE}/roles/{body['id']}"
    assert resp.headers["ETag"] == '"1"'
    events = policy_events(identity)
    assert int(events[-1]["version"]) == int(before) + 1
    snapshot = latest_snapshot(identity)
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
def test_invalid_roles_are_422_naming_the_field(client, admin_headers, identity, body, field):
    before = len(policy_events(identity))
    resp = client.post(f"{BASE}/roles", json=body, headers=admin_headers)
    assert resp.status_code == 422, resp.get_json()
    assert field in [e["field"] for e in resp.get_json()["errors"]]
    assert len(policy_events(identity)) == before  # nothing half-written


def test_a_duplicate_role_name_is_409(client, admin_headers):
    a_role(client, admin_headers)
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
    client, admin_headers, new_user
):
    assert (
        client.delete(f"{BASE}/roles/{defaults.SALES_MANAGER}", headers=admin_headers).status_code
        == 409
    )
    role_id = a_role(client, admin_headers).get_json()["id"]
    user = new_user(role_id=role_id)
    resp = client.delete(f"{BASE}/roles/{role_id}", headers=admin_headers)
    assert resp.status_code == 409
    client.patch(
        f"{BASE}/users/{user.id}", json={"role_id": str(defaults.SALES_REP)}, headers=admin_headers
    )
    assert client.delete(f"{BASE}/roles/{role_id}", headers=admin_headers).status_code == 204
    assert client.get(f"{BASE}/roles/{role_id}", headers=admin_headers).status_code == 404


def test_unknown_ids_are_404(client, admin_headers):
    missing = "00000000-0000-4000-8000-000000000000"
    for path in ("roles", "profiles", "groups", "sharing-rules"):
        assert client.get(f"{BASE}/{path}/{missing}", headers=admin_headers).status_code == 404
        assert (
            client.patch(f"{BASE}/{path}/{missing}", json={}, headers=admin_headers).status_code
            == 404
        )
        assert client.delete(f"{BASE}/{path}/{missing}", headers=admin_headers).status_code == 404


# -- profiles ----------------------------------------------------------------------------


def test_a_profile_with_field_modes_reaches_the_snapshot(client, admin_headers, identity):
    profile = a_profile(
        client,
        admin_headers,
        fields={"leads": {"annual_revenue": "hidden", "rating": "read_only", "city": "editable"}},
    )
    assert profile["fields"] == {"leads": {"annual_revenue": "hidden", "rating": "read_only"}}
    [published] = [p for p in latest_snapshot(identity).profiles if p.id == profile["id"]]
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
    client, admin_headers, identity
):
    url = f"{BASE}/profiles/{defaults.SALES_PROFILE}"
    version = latest_snapshot(identity).version
    resp = client.patch(url, json={"modules": {"leads": ["view"]}}, headers=admin_headers)
    assert resp.status_code == 200 and resp.get_json()["version"] == 2
    snapshot = latest_snapshot(identity)
    assert snapshot.version == version + 1
    [sales] = [p for p in snapshot.profiles if p.id == str(defaults.SALES_PROFILE)]
    assert sales.modules == {"leads": ("view",)}
    assert client.delete(url, headers=admin_headers).status_code == 409
    unused = a_profile(client, admin_headers)
    assert (
        client.delete(f"{BASE}/profiles/{unused['id']}", headers=admin_headers).status_code == 204
    )


# -- groups ------------------------------------------------------------------------------


def test_groups_crud_validates_members(client, admin_headers, new_user, identity):
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
    [published] = [g for g in latest_snapshot(identity).groups if g.id == group["id"]]
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


# -- sharing -----------------------------------------------------------------------------


def test_every_owned_module_defaults_to_private(client, admin_headers):
    items = client.get(f"{BASE}/sharing-defaults", headers=admin_headers).get_json()["items"]
    values = {i["module"]: i["access"] for i in items}
    assert set(values.values()) == {"private"}
    assert "leads" in values and "products" not in values


def test_accounts_and_contacts_share_one_setting(client, admin_headers, identity):
    resp = client.put(
        f"{BASE}/sharing-defaults/contacts", json={"access": "public_read"}, headers=admin_headers
    )
    assert resp.status_code == 200 and resp.get_json() == {
        "module": "contacts",
        "access": "public_read",
    }
    snapshot = latest_snapshot(identity)
    assert snapshot.sharing_defaults["accounts"] == "public_read"
    assert snapshot.sharing_defaults["contacts"] == "public_read"
    got = client.get(f"{BASE}/sharing-defaults/accounts", headers=admin_headers).get_json()
    assert got["access"] == "public_read"


def test_bad_sharing_defaults(client, admin_headers, user_headers):
    assert (
        client.put(
            f"{BASE}/sharing-defaults/leads", json={"access": "everyone"}, headers=admin_headers
        ).status_code
        == 422
    )
    assert (
        client.put(
            f"{BASE}/sharing-defaults/products", json={"access": "private"}, headers=admin_headers
        ).status_code
        == 404
    )
    assert (
        client.put(
            f"{BASE}/sharing-defaults/leads", json={"access": "public_read"}, headers=user_headers
        ).status_code
        == 403
    )


def test_sharing_rules_crud(client, admin_headers, identity):
    body = {
        "module": "leads",
        "source_kind": "role",
        "source_id": str(defaults.SALES_REP),
        "target_kind": "role_and_subordinates",
        "target_id": str(defaults.SUPPORT_MANAGER),
        "access": "read",
    }
    resp = client.post(f"{BASE}/sharing-rules", json=body, headers=admin_headers)
    assert resp.status_code == 201
    rule = resp.get_json()
    assert resp.headers["Location"].endswith(rule["id"])
    [published] = latest_snapshot(identity).sharing_rules
    assert published.source_id == str(defaults.SALES_REP) and published.access == "read"
    url = f"{BASE}/sharing-rules/{rule['id']}"
    resp = client.patch(
        url, json={"access": "read_write"}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert resp.status_code == 200 and resp.get_json()["access"] == "read_write"
    assert latest_snapshot(identity).sharing_rules[0].access == "read_write"
    # A role named by a rule cannot go.
    assert (
        client.delete(f"{BASE}/roles/{defaults.SALES_REP}", headers=admin_headers).status_code
        == 409
    )
    assert client.delete(url, headers=admin_headers).status_code == 204
    assert latest_snapshot(identity).sharing_rules == ()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"module": "products"}, "module"),
        ({"source_kind": "planet"}, "source_kind"),
        ({"access": "everything"}, "access"),
        ({"target_kind": "group"}, "target_id"),
    ],
)
def test_invalid_sharing_rules_are_422(client, admin_headers, change, field):
    body = {
        "module": "leads",
        "source_kind": "role",
        "source_id": str(defaults.SALES_REP),
        "target_kind": "role",
        "target_id": str(defaults.SALES_MANAGER),
        **change,
    }
    resp = client.post(f"{BASE}/sharing-rules", json=body, headers=admin_headers)
    assert resp.status_code == 422, resp.get_json()
    assert field in [e["field"] for e in resp.get_json()["errors"]]


# -- users and the policy -------------------------------------------------------------------


def test_user_role_changes_publish_the_policy_with_increasing_versions(
    client, admin_headers, new_user, identity
):
    user = new_user()
    v1 = latest_snapshot(identity).version
    [facts] = [u for u in latest_snapshot(identity).users if u.id == str(user.id)]
    assert facts.role_id == str(defaults.SALES_REP) and facts.active and not facts.is_admin
    client.patch(
        f"{BASE}/users/{user.id}", json={"role_id": str(defaults.VP_SALES)}, headers=admin_headers
    )
    v2 = latest_snapshot(identity)
    assert v2.version == v1 + 1
    assert [u.role_id for u in v2.users if u.id == str(user.id)] == [str(defaults.VP_SALES)]
    # A change that does not alter the policy publishes nothing.
    client.patch(f"{BASE}/users/{user.id}", json={"display_name": "Renamed"}, headers=admin_headers)
    assert latest_snapshot(identity).version == v2.version
    resp = client.post(f"{BASE}/users/{user.id}/deactivate", headers=admin_headers)
    assert resp.status_code == 200 and resp.get_json()["active"] is False
    v3 = latest_snapshot(identity)
    assert v3.version == v2.version + 1
    assert [u.active for u in v3.users if u.id == str(user.id)] == [False]


def test_an_unknown_role_id_is_422(client, admin_headers, new_user):
    user = new_user()
    resp = client.patch(
        f"{BASE}/users/{user.id}",
        json={"role_id": "00000000-0000-4000-8000-000000000000"},
        headers=admin_headers,
    )
    assert resp.status_code == 422 and resp.get_json()["errors"][0]["field"] == "role_id"


def test_a_portal_user_needs_account_and_contact(client, admin_headers):
    body = {
        "email": "customer@client.test",
        "display_name": "Customer",
        "password": "portal-Secret-9",
        "kind": "portal",
    }
    resp = client.post(f"{BASE}/users", json=body, headers=admin_headers)
    assert resp.status_code == 422 and resp.get_json()["errors"][0]["field"] == "account_id"
    body |= {
        "account_id": "11111111-1111-4111-8111-111111111111",
        "contact_id": "22222222-2222-4222-8222-222222222222",
    }
    resp = client.post(f"{BASE}/users", json=body, headers=admin_headers)
    assert resp.status_code == 201
    assert resp.get_json()["kind"] == "portal" and resp.get_json()["role_id"] is None


def test_the_openapi_document_lists_the_admin_routes(client):
    paths = client.get(f"{BASE}/openapi.json").get_json()["paths"]
    for path in (
        "/roles",
        "/profiles",
        "/groups",
        "/sharing-rules",
        "/sharing-defaults/{module}",
        "/audit-events",
        "/signing-keys/rotate",
        "/users/{user_id}/deactivate",
        "/auth/revoke",
    ):
        assert any(p.endswith(path) for p in paths), path
