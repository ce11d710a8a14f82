BASE = "/api/identity/v1"
ACCOUNTS = f"{BASE}/service-accounts"


def test_creating_a_service_account_shows_the_secret_once(client, admin_headers):
    resp = client.post(
        ACCOUNTS, json={"name": "ERP", "scopes": ["billing.invoices.read"]}, headers=admin_headers
    )
    assert resp.status_code == 201
    created = resp.get_json()
    assert created["client_secret"] and created["client_id"].startswith("sa-")
    listed = client.get(ACCOUNTS, headers=admin_headers).get_json()["items"]
    assert [a["client_id"] for a in listed] == [created["client_id"]]
    assert "client_secret" not in listed[0]
    one = client.get(f"{ACCOUNTS}/{created['id']}", headers=admin_headers)
    assert one.status_code == 200 and "client_secret" not in one.get_json()


def test_bad_scopes_are_422_and_non_admins_are_403(client, admin_headers, user_headers):
    bad = client.post(ACCOUNTS, json={"name": "X", "scopes": ["all"]}, headers=admin_headers)
    assert bad.status_code == 422
    assert client.post(ACCOUNTS, json={"name": "X"}, headers=user_headers).status_code == 403
    assert client.get(ACCOUNTS, headers=user_headers).status_code == 403


def test_a_service_token_with_a_read_scope_may_list_users(client, admin_headers):
    created = client.post(
        ACCOUNTS, json={"name": "Sync", "scopes": ["identity.users.read"]}, headers=admin_headers
    ).get_json()
    token = client.post(
        f"{BASE}/auth/token",
        json={
            "grant_type": "client_credentials",
            "client_id": created["client_id"],
            "client_secret": created["client_secret"],
        },
    ).get_json()["access_token"]
    headers = {"Authorization": "Bearer " + token}
    assert client.get(f"{BASE}/users", headers=headers).status_code == 200
    assert client.post(f"{BASE}/users", json={}, headers=headers).status_code == 403
    me = client.get(f"{BASE}/me", headers=headers).get_json()
    assert me["kind"] == "service" and me["scopes"] == ["identity.users.read"]
