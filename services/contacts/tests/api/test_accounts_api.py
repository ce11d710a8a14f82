import uuid

API = "/api/contacts/v1"


def test_creating_an_account_answers_201_with_location_and_etag(client, admin_headers, owner):
    body = {
        "name": "Acme Ltd",
        "account_type": "Customer",
        "industry": "Banking",
        "website": "acme.example",
        "billing_address": {"street": "1 Main St", "city": "Leeds", "country": "GB"},
        "annual_revenue": {"amount": "1250000.00", "currency": "GBP"},
        "employees": 120,
        "tags": ["vip", "emea"],
    }
    response = client.post(f"{API}/accounts", json=body, headers=admin_headers)
    assert response.status_code == 201
    data = response.get_json()
    assert response.headers["Location"] == f"{API}/accounts/{data['id']}"
    assert response.headers["ETag"] == '"1"'
    assert data["owner_id"] == str(owner.id)  # defaults to the caller
    assert data["annual_revenue"] == {"amount": "1250000.00", "currency": "GBP"}
    assert data["billing_address"]["city"] == "Leeds"
    assert data["shipping_address"] is None
    assert data["tags"] == ["vip", "emea"]


def test_getting_an_account_returns_it_with_its_etag(client, admin_headers, create_account):
    account = create_account()
    response = client.get(f"{API}/accounts/{account['id']}", headers=admin_headers)
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.get_json() == account


def test_a_missing_account_is_404(client, admin_headers):
    response = client.get(f"{API}/accounts/{uuid.uuid4()}", headers=admin_headers)
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"


def test_patch_changes_only_the_fields_sent(client, admin_headers, create_account):
    account = create_account(phone="111", website="a.example")
    response = client.patch(
        f"{API}/accounts/{account['id']}",
        json={"phone": "222"},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert response.status_code == 200
    data = response.get_json()
    assert data["phone"] == "222" and data["website"] == "a.example"
    assert data["version"] == 2 and response.headers["ETag"] == '"2"'


def test_patch_with_a_stale_if_match_is_412(client, admin_headers, create_account):
    account = create_account()
    url = f"{API}/accounts/{account['id']}"
    assert client.patch(url, json={"phone": "1"}, headers=admin_headers).status_code == 200
    response = client.patch(url, json={"phone": "2"}, headers={**admin_headers, "If-Match": '"1"'})
    assert response.status_code == 412
    assert client.get(url, headers=admin_headers).get_json()["phone"] == "1"


def test_patch_with_an_invalid_pick_list_value_is_422(client, admin_headers, create_account):
    account = create_account()
    response = client.patch(
        f"{API}/accounts/{account['id']}", json={"industry": "Piracy"}, headers=admin_headers
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == ["industry"]


def test_unknown_fields_are_422(client, admin_headers, create_account):
    response = client.post(
        f"{API}/accounts", json={"name": "X", "colour": "red"}, headers=admin_headers
    )
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "colour"
    account = create_account()
    response = client.patch(
        f"{API}/accounts/{account['id']}", json={"version": 9}, headers=admin_headers
    )
    assert response.status_code == 422


def test_revenue_as_a_float_is_refused(client, admin_headers):
    response = client.post(
        f"{API}/accounts",
        json={"name": "X", "annual_revenue": {"amount": 12.5, "currency": "EUR"}},
        headers=admin_headers,
    )
    assert response.status_code == 422


def test_unknown_owner_is_422_on_owner_id(client, admin_headers):
    response = client.post(
        f"{API}/accounts", json={"name": "X", "owner_id": str(uuid.uuid4())}, headers=admin_headers
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors == [{"field": "owner_id", "message": "is not a known user"}]


def test_inactive_owner_is_422(client, admin_headers, add_owner, create_account):
    inactive = add_owner(active=False)
    response = client.post(
        f"{API}/accounts", json={"name": "X", "owner_id": str(inactive.id)}, headers=admin_headers
    )
    assert response.status_code == 422
    account = create_account()
    response = client.patch(
        f"{API}/accounts/{account['id']}",
        json={"owner_id": str(inactive.id)},
        headers=admin_headers,
    )
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "owner_id"


def test_reassigning_to_another_active_owner_works(
    client, admin_headers, add_owner, create_account
):
    other = add_owner()
    account = create_account()
    response = client.patch(
        f"{API}/accounts/{account['id']}", json={"owner_id": str(other.id)}, headers=admin_headers
    )
    assert response.status_code == 200
    assert response.get_json()["owner_id"] == str(other.id)


def test_delete_answers_204_then_404(client, admin_headers, create_account):
    account = create_account()
    url = f"{API}/accounts/{account['id']}"
    response = client.delete(url, headers={**admin_headers, "If-Match": '"1"'})
    assert response.status_code == 204 and response.data == b""
    assert client.get(url, headers=admin_headers).status_code == 404
    assert client.delete(url, headers=admin_headers).status_code == 404


def test_delete_with_a_stale_if_match_is_412(client, admin_headers, create_account):
    account = create_account()
    response = client.delete(
        f"{API}/accounts/{account['id']}", headers={**admin_headers, "If-Match": '"5"'}
    )
    assert response.status_code == 412


def test_deleting_an_account_with_contacts_becomes_a_deletion_request(
    client, admin_headers, create_account, create_contact
):
    account = create_account()
    create_contact(account_id=account["id"])
    response = client.delete(f"{API}/accounts/{account['id']}", headers=admin_headers)
    assert response.status_code == 202
    body = response.get_json()
    assert body["status"] == "pending" and body["references"] == {"contacts": 1}
    assert response.headers["Location"] == f"{API}/deletion-requests/{body['id']}"
    assert client.get(f"{API}/accounts/{account['id']}", headers=admin_headers).status_code == 200


def test_idempotency_key_replays_the_first_create(client, admin_headers):
    headers = {**admin_headers, "Idempotency-Key": "k-1"}
    first = client.post(f"{API}/accounts", json={"name": "Once"}, headers=headers)
    second = client.post(f"{API}/accounts", json={"name": "Once"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.get_json()["id"] == second.get_json()["id"]
    listed = client.get(f"{API}/accounts?q=once", headers=admin_headers).get_json()["items"]
    assert len(listed) == 1
