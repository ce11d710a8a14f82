"""Who may use the admin API; users and the policy; the OpenAPI document."""

from __future__ import annotations

import pytest

from crm_identity.domain import defaults

BASE = "/api/identity/v1"


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


def test_unknown_ids_are_404(client, admin_headers):
    missing = "00000000-0000-4000-8000-000000000000"
    for path in ("roles", "profiles", "groups", "sharing-rules"):
        assert client.get(f"{BASE}/{path}/{missing}", headers=admin_headers).status_code == 404
        assert (
            client.patch(f"{BASE}/{path}/{missing}", json={}, headers=admin_headers).status_code
            == 404
        )
        assert client.delete(f"{BASE}/{path}/{missing}", headers=admin_headers).status_code == 404


def test_user_role_changes_publish_the_policy_with_increasing_versions(
    client, admin_headers, new_user, policy
):
    user = new_user()
    v1 = policy.latest().version
    [facts] = [u for u in policy.latest().users if u.id == str(user.id)]
    assert facts.role_id == str(defaults.SALES_REP) and facts.active and not facts.is_admin
    client.patch(
        f"{BASE}/users/{user.id}", json={"role_id": str(defaults.VP_SALES)}, headers=admin_headers
    )
    v2 = policy.latest()
    assert v2.version == v1 + 1
    assert [u.role_id for u in v2.users if u.id == str(user.id)] == [str(defaults.VP_SALES)]
    # A change that does not alter the policy publishes nothing.
    client.patch(f"{BASE}/users/{user.id}", json={"display_name": "Renamed"}, headers=admin_headers)
    assert policy.latest().version == v2.version
    resp = client.post(f"{BASE}/users/{user.id}/deactivate", headers=admin_headers)
    assert resp.status_code == 200 and resp.get_json()["active"] is False
    v3 = policy.latest()
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
