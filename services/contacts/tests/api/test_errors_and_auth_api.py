API = "/api/contacts/v1"


def test_no_token_is_401(client):
    response = client.get(f"{API}/accounts")
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"


def test_a_garbage_token_is_401(client):
    response = client.get(f"{API}/accounts", headers={"Authorization": "Bearer abc.def.ghi"})
    assert response.status_code == 401


def test_missing_permission_is_403(client, user_headers):
    response = client.get(f"{API}/accounts", headers=user_headers("contacts.view"))
    assert response.status_code == 403
    response = client.post(
        f"{API}/accounts", json={"name": "X"}, headers=user_headers("accounts.view")
    )
    assert response.status_code == 403


def test_a_user_with_the_permission_may_act(client, user_headers):
    headers = user_headers("accounts.view", "accounts.create")
    assert client.post(f"{API}/accounts", json={"name": "X"}, headers=headers).status_code == 201
    assert client.get(f"{API}/accounts", headers=headers).status_code == 200


def test_a_service_account_needs_its_scope_and_an_explicit_owner(client, tokens, owner):
    token = tokens.issue("svc-sales", typ="service", scope="contacts.accounts.write")
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post(f"{API}/accounts", json={"name": "X"}, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "owner_id"
    response = client.post(
        f"{API}/accounts", json={"name": "X", "owner_id": str(owner.id)}, headers=headers
    )
    assert response.status_code == 201
    assert client.get(f"{API}/accounts", headers=headers).status_code == 403


def test_malformed_json_is_400(client, admin_headers):
    response = client.post(
        f"{API}/accounts",
        data="{not json",
        headers={**admin_headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400


def test_wrong_content_type_is_415(client, admin_headers):
    response = client.post(
        f"{API}/accounts", data="name=X", headers={**admin_headers, "Content-Type": "text/plain"}
    )
    assert response.status_code == 415


def test_oversized_body_is_413(client, admin_headers):
    body = '{"name": "' + "x" * 1_100_000 + '"}'
    response = client.post(
        f"{API}/accounts", data=body, headers={**admin_headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 413


def test_a_malformed_if_match_is_400(client, admin_headers, create_account):
    account = create_account()
    response = client.patch(
        f"{API}/accounts/{account['id']}",
        json={"phone": "1"},
        headers={**admin_headers, "If-Match": "yesterday"},
    )
    assert response.status_code == 400


def test_openapi_document_lists_the_routes(client):
    doc = client.get(f"{API}/openapi.json").get_json()
    assert "/api/contacts/v1/accounts" in doc["paths"]
    assert "/api/contacts/v1/contacts/{contact_id}" in doc["paths"]
    assert "/api/contacts/v1/owners" in doc["paths"]
    for path, method in (
        ("/imports", "post"),
        ("/imports/{import_id}", "get"),
        ("/exports", "get"),
        ("/duplicates", "get"),
        ("/merges", "post"),
        ("/deletion-requests", "get"),
        ("/deletion-requests/{request_id}/approve", "post"),
        ("/accounts/{account_id}/restore", "post"),
    ):
        assert method in doc["paths"][f"/api/contacts/v1{path}"], path


def test_the_openapi_document_is_valid_openapi(client):
    from openapi_spec_validator import validate

    validate(client.get(f"{API}/openapi.json").get_json())
