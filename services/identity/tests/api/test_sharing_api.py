"""Sharing defaults and sharing rules: accounts+contacts together, CRUD, errors."""

from __future__ import annotations

import pytest

from crm_identity.domain import defaults

BASE = "/api/identity/v1"


def test_every_owned_module_defaults_to_private(client, admin_headers):
    items = client.get(f"{BASE}/sharing-defaults", headers=admin_headers).get_json()["items"]
    values = {i["module"]: i["access"] for i in items}
    assert set(values.values()) == {"private"}
    assert "leads" in values and "products" not in values


def test_accounts_and_contacts_share_one_setting(client, admin_headers, policy):
    resp = client.put(
        f"{BASE}/sharing-defaults/contacts", json={"access": "public_read"}, headers=admin_headers
    )
    assert resp.status_code == 200 and resp.get_json() == {
        "module": "contacts",
        "access": "public_read",
    }
    snapshot = policy.latest()
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


def test_sharing_rules_crud(client, admin_headers, policy):
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
    [published] = policy.latest().sharing_rules
    assert published.source_id == str(defaults.SALES_REP) and published.access == "read"
    url = f"{BASE}/sharing-rules/{rule['id']}"
    resp = client.patch(
        url, json={"access": "read_write"}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert resp.status_code == 200 and resp.get_json()["access"] == "read_write"
    assert policy.latest().sharing_rules[0].access == "read_write"
    # A role named by a rule cannot go.
    assert (
        client.delete(f"{BASE}/roles/{defaults.SALES_REP}", headers=admin_headers).status_code
        == 409
    )
    assert client.delete(url, headers=admin_headers).status_code == 204
    assert policy.latest().sharing_rules == ()


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
