import json

import sqlalchemy as sa

BASE = "/api/identity/v1"
USERS = f"{BASE}/users"


def a_user_body(**fields):
    body = {
        "email": "grace@example.test",
        "display_name": "Grace",
        "password": "secret-pass-long-1",
    }
    body.update(fields)
    return body


def outbox(identity):
    with identity.db.reading() as s:
        rows = s.execute(sa.text("SELECT type, subject, body FROM outbox ORDER BY seq")).all()
    return [(r.type, r.subject, json.loads(r.body)) for r in rows]


def test_creating_a_user_returns_201_location_etag_and_no_password(client, admin_headers):
    resp = client.post(USERS, json=a_user_body(roles=["user"]), headers=admin_headers)
    assert resp.status_code == 201
    body = resp.get_json()
    assert resp.headers["Location"] == f"{USERS}/{body['id']}"
    assert resp.headers["ETag"] == '"1"'
    assert body["email"] == "grace@example.test" and body["roles"] == ["user"]
    assert "password" not in body and "password_hash" not in body


def test_creating_a_user_writes_identity_user_created_to_the_outbox(
    client, admin_headers, identity
):
    before = len(outbox(identity))
    user_id = client.post(USERS, json=a_user_body(), headers=admin_headers).get_json()["id"]
    [(type_, subject, envelope), (policy_type, _, policy)] = outbox(identity)[before:]
    assert type_ == "identity.user.created.v1" and subject == user_id
    # A new user changes the access policy: the new snapshot follows in the same commit.
    assert policy_type == "identity.policy.changed.v1"
    assert user_id in str(policy["data"])
    assert envelope["source"] == "identity"
    assert envelope["data"]["email"] == "grace@example.test"
    assert envelope["data"]["roles"] == ["user"] and envelope["data"]["active"] is True


def test_a_duplicate_email_is_409_whatever_its_case(client, admin_headers):
    client.post(USERS, json=a_user_body(), headers=admin_headers)
    resp = client.post(USERS, json=a_user_body(email="GRACE@example.test"), headers=admin_headers)
    assert resp.status_code == 409
    assert resp.get_json()["errors"][0]["field"] == "email"


def test_a_short_password_is_422(client, admin_headers):
    resp = client.post(USERS, json=a_user_body(password="too-short"), headers=admin_headers)
    assert resp.status_code == 422
    assert resp.get_json()["errors"] == [
        {"field": "password", "message": "must be at least 12 characters long"}
    ]


def test_an_unknown_field_is_422(client, admin_headers):
    resp = client.post(USERS, json=a_user_body(is_superuser=True), headers=admin_headers)
    assert resp.status_code == 422
    assert resp.get_json()["errors"][0]["field"] == "is_superuser"


def test_an_unknown_role_is_422(client, admin_headers):
    resp = client.post(USERS, json=a_user_body(roles=["root"]), headers=admin_headers)
    assert resp.status_code == 422


def test_no_token_is_401(client):
    resp = client.get(USERS)
    assert resp.status_code == 401
    assert resp.headers["Content-Type"] == "application/problem+json"


def test_a_garbage_token_is_401(client):
    assert client.get(USERS, headers={"Authorization": "Bearer x.y.z"}).status_code == 401


def test_a_non_admin_is_403(client, user_headers):
    assert client.get(USERS, headers=user_headers).status_code == 403
    assert client.post(USERS, json=a_user_body(), headers=user_headers).status_code == 403


def test_get_one_returns_an_etag_and_404_for_an_unknown_id(client, admin_headers, new_user):
    user = new_user()
    resp = client.get(f"{USERS}/{user.id}", headers=admin_headers)
    assert resp.status_code == 200 and resp.headers["ETag"] == '"1"'
    missing = client.get(f"{USERS}/00000000-0000-0000-0000-000000000000", headers=admin_headers)
    assert missing.status_code == 404
    assert client.get(f"{USERS}/not-a-uuid", headers=admin_headers).status_code == 400


def test_patch_changes_fields_and_honours_if_match(client, admin_headers, new_user, identity):
    user = new_user()
    url = f"{USERS}/{user.id}"
    resp = client.patch(
        url, json={"display_name": "Renamed"}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert resp.status_code == 200 and resp.get_json()["display_name"] == "Renamed"
    assert resp.headers["ETag"] == '"2"'
    stale = client.patch(
        url, json={"display_name": "Again"}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    type_, _, envelope = outbox(identity)[-1]
    assert type_ == "identity.user.updated.v1"
    assert envelope["data"]["changed_fields"] == ["display_name"]


def test_patch_refuses_unknown_fields_and_nulls(client, admin_headers, new_user):
    user = new_user()
    url = f"{USERS}/{user.id}"
    assert client.patch(url, json={"version": 9}, headers=admin_headers).status_code == 422
    assert client.patch(url, json={"email": None}, headers=admin_headers).status_code == 422


def test_deactivation_emits_the_event_and_revokes_refresh_tokens(
    client, admin_headers, new_user, identity, password_token
):
    user = new_user(password="victim-password-1")
    tokens = password_token(user.email, "victim-password-1")
    resp = client.patch(f"{USERS}/{user.id}", json={"active": False}, headers=admin_headers)
    assert resp.status_code == 200 and resp.get_json()["active"] is False

    types = [t for t, _, _ in outbox(identity)[-3:]]
    assert types == [
        "identity.user.updated.v1",
        "identity.user.deactivated.v1",
        "identity.policy.changed.v1",
    ]
    deactivated = outbox(identity)[-2][2]["data"]
    assert deactivated["user_id"] == str(user.id) and deactivated["deactivated_by"]

    refresh = client.post(
        f"{BASE}/auth/token",
        json={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
    )
    assert refresh.status_code == 400
    # Identity itself stops honouring the access token at once.
    me = client.get(f"{BASE}/me", headers={"Authorization": "Bearer " + tokens["access_token"]})
    assert me.status_code == 401


def test_the_last_active_admin_cannot_deactivate_themselves(client, admin_headers):
    me = client.get(f"{BASE}/me", headers=admin_headers).get_json()
    resp = client.patch(f"{USERS}/{me['id']}", json={"active": False}, headers=admin_headers)
    assert resp.status_code == 409


def test_a_password_change_ends_existing_sessions(client, admin_headers, new_user, password_token):
    user = new_user(password="first-password-1")
    old = password_token(user.email, "first-password-1")
    resp = client.patch(
        f"{USERS}/{user.id}", json={"password": "second-password-2"}, headers=admin_headers
    )
    assert resp.status_code == 200
    assert (
        client.post(
            f"{BASE}/auth/token",
            json={"grant_type": "refresh_token", "refresh_token": old["refresh_token"]},
        ).status_code
        == 400
    )
    assert password_token(user.email, "second-password-2")["access_token"]


def test_list_pages_by_cursor_and_searches_email_and_name(client, admin_headers, new_user):
    for n in range(5):
        new_user(email=f"list{n}@example.test", display_name=f"Lister {n}")
    new_user(email="other@elsewhere.test", display_name="Zed Findme")
    seen, cursor = [], None
    while True:
        url = f"{USERS}?limit=2&q=list" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url, headers=admin_headers).get_json()
        seen += [u["email"] for u in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"list{n}@example.test" for n in range(5)]
    found = client.get(f"{USERS}?q=FINDME", headers=admin_headers).get_json()["items"]
    assert [u["email"] for u in found] == ["other@elsewhere.test"]


def test_list_filters_by_role_and_active_and_refuses_bad_input(client, admin_headers, new_user):
    new_user(roles=["admin"], email="second-admin@example.test")
    admins = client.get(f"{USERS}?role=admin", headers=admin_headers).get_json()["items"]
    assert {u["email"] for u in admins} == {"admin@example.test", "second-admin@example.test"}
    assert client.get(f"{USERS}?active=false", headers=admin_headers).get_json()["items"] == []
    assert client.get(f"{USERS}?limit=0", headers=admin_headers).status_code == 422
    assert client.get(f"{USERS}?cursor=nonsense", headers=admin_headers).status_code == 400
    assert client.get(f"{USERS}?sort=password_hash", headers=admin_headers).status_code == 400


def test_a_retried_create_with_the_same_idempotency_key_creates_once(client, admin_headers):
    headers = {**admin_headers, "Idempotency-Key": "create-grace-1"}
    first = client.post(USERS, json=a_user_body(), headers=headers)
    again = client.post(USERS, json=a_user_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json()["id"] == again.get_json()["id"]
