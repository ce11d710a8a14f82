from datetime import UTC, datetime, timedelta

API = "/api/contacts/v1"


def test_owners_are_listed_for_admins(client, admin_headers, add_owner, owner):
    add_owner(email="zed@example.com")
    add_owner(email="amy@example.com", active=False)
    data = client.get(f"{API}/owners?limit=2", headers=admin_headers).get_json()
    assert data["next_cursor"]
    rest = client.get(
        f"{API}/owners?limit=2&cursor={data['next_cursor']}", headers=admin_headers
    ).get_json()
    emails = [o["email"] for o in data["items"] + rest["items"]]
    assert sorted(emails) == emails
    assert set(emails) == {"zed@example.com", "amy@example.com", owner.email}
    found = client.get(f"{API}/owners?q=zed", headers=admin_headers).get_json()["items"]
    assert [o["email"] for o in found] == ["zed@example.com"]


def test_owners_list_needs_the_permission(client, user_headers):
    assert client.get(f"{API}/owners", headers=user_headers("accounts.view")).status_code == 403


def test_a_deactivated_users_token_is_refused(client, tokens, add_owner):
    user = add_owner()
    headers = {"Authorization": f"Bearer {tokens.admin(str(user.id))}"}
    assert client.get(f"{API}/accounts", headers=headers).status_code == 200
    add_owner(
        user.id, active=False, email=user.email, updated_at=datetime.now(UTC) + timedelta(seconds=1)
    )
    response = client.get(f"{API}/accounts", headers=headers)
    assert response.status_code == 401


def test_a_user_unknown_to_the_directory_is_not_refused(client, tokens):
    headers = {"Authorization": f"Bearer {tokens.admin()}"}
    assert client.get(f"{API}/accounts", headers=headers).status_code == 200
