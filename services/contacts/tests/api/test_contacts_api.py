import uuid

API = "/api/contacts/v1"


def test_contact_lifecycle(client, admin_headers, create_account, owner):
    account = create_account()
    body = {
        "account_id": account["id"],
        "salutation": "Dr.",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "lead_source": "Trade Show",
        "mailing_address": {"city": "London"},
        "do_not_call": True,
        "tags": ["math"],
    }
    response = client.post(f"{API}/contacts", json=body, headers=admin_headers)
    assert response.status_code == 201
    contact = response.get_json()
    url = f"{API}/contacts/{contact['id']}"
    assert response.headers["Location"] == url
    assert contact["owner_id"] == str(owner.id)
    assert contact["do_not_call"] is True and contact["email_opt_out"] is False

    got = client.get(url, headers=admin_headers)
    assert got.status_code == 200 and got.headers["ETag"] == '"1"'

    patched = client.patch(
        url,
        json={"title": "Countess", "email_opt_out": True},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert patched.status_code == 200
    assert patched.get_json()["title"] == "Countess" and patched.get_json()["version"] == 2

    stale = client.patch(url, json={"title": "x"}, headers={**admin_headers, "If-Match": '"1"'})
    assert stale.status_code == 412

    assert client.delete(url, headers={**admin_headers, "If-Match": '"2"'}).status_code == 204
    assert client.get(url, headers=admin_headers).status_code == 404
    # The account has no contacts left, so it may go now.
    response = client.delete(f"{API}/accounts/{account['id']}", headers=admin_headers)
    assert response.status_code == 204


def test_a_contact_at_a_missing_account_is_422(client, admin_headers, create_contact):
    response = client.post(
        f"{API}/contacts",
        json={"last_name": "X", "account_id": str(uuid.uuid4())},
        headers=admin_headers,
    )
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "account_id"
    contact = create_contact()
    response = client.patch(
        f"{API}/contacts/{contact['id']}",
        json={"account_id": str(uuid.uuid4())},
        headers=admin_headers,
    )
    assert response.status_code == 422


def test_contact_validation_errors_name_the_fields(client, admin_headers):
    response = client.post(
        f"{API}/contacts",
        json={"last_name": "X", "salutation": "Sir", "email": "nope"},
        headers=admin_headers,
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.get_json()["errors"]} == {"salutation", "email"}
    response = client.post(f"{API}/contacts", json={"first_name": "X"}, headers=admin_headers)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "last_name"


def test_contacts_paging_without_duplicates(client, admin_headers, create_contact):
    for i in range(11):
        create_contact(last_name=f"Name{i:02d}")
    seen, cursor = [], None
    while True:
        query = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        data = client.get(f"{API}/contacts", query_string=query, headers=admin_headers).get_json()
        seen.extend(c["last_name"] for c in data["items"])
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert seen == [f"Name{i:02d}" for i in range(11)]
