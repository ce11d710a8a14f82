"""Record-level and field-level access (issue 3) through the REST API, with a policy snapshot.

The org (tests/conftest.py): CEO > Sales Manager > Rep North, Rep South; Support (a group
whose member is ``supporter``). Records are created by an administrator for their owner.
"""

import uuid
from dataclasses import replace

import pytest

API = "/api/contacts/v1"


@pytest.fixture
def north_account(org, create_account):
    org.save()
    return create_account(name="Northwind", owner_id=str(org.north), phone="0113 496 0000")


def _ids(response):
    assert response.status_code == 200, response.get_json()
    return {item["id"] for item in response.get_json()["items"]}


def test_the_owner_sees_their_record_in_get_list_and_search(client, org, north_account):
    headers = org.headers(org.north)
    assert client.get(f"{API}/accounts/{north_account['id']}", headers=headers).status_code == 200
    assert north_account["id"] in _ids(client.get(f"{API}/accounts", headers=headers))
    assert north_account["id"] in _ids(client.get(f"{API}/accounts?q=northw", headers=headers))


def test_a_manager_sees_and_edits_a_subordinates_record(client, org, north_account):
    headers = org.headers(org.manager)
    url = f"{API}/accounts/{north_account['id']}"
    assert client.get(url, headers=headers).status_code == 200
    assert north_account["id"] in _ids(client.get(f"{API}/accounts", headers=headers))
    assert client.patch(url, json={"website": "nw.example"}, headers=headers).status_code == 200


def test_a_subordinate_does_not_see_the_managers_record(client, org, create_account):
    org.save()
    account = create_account(owner_id=str(org.manager))
    response = client.get(f"{API}/accounts/{account['id']}", headers=org.headers(org.north))
    assert response.status_code == 404


def test_a_peer_under_private_sharing_gets_only_404s_and_empty_lists(client, org, north_account):
    headers = org.headers(org.south)
    url = f"{API}/accounts/{north_account['id']}"
    for response in (
        client.get(url, headers=headers),
        client.patch(url, json={"website": "x.example"}, headers=headers),
        client.delete(url, headers=headers),
    ):
        assert response.status_code == 404
        assert response.content_type == "application/problem+json"
    # Guessing ids answers exactly like a visible-but-missing one would.
    assert client.get(f"{API}/accounts/{uuid.uuid4()}", headers=headers).status_code == 404
    assert _ids(client.get(f"{API}/accounts", headers=headers)) == set()
    assert _ids(client.get(f"{API}/accounts?q=northwind", headers=headers)) == set()
    assert _ids(client.get(f"{API}/accounts?q=0113", headers=headers)) == set()
    # Nothing changed behind the 404s.
    admin = client.get(url, headers=org.headers(org.manager)).get_json()
    assert admin["version"] == 1


def test_public_read_lets_a_peer_view_but_not_edit_or_delete(client, org, north_account):
    org.save(sharing="public_read")
    headers = org.headers(org.south)
    url = f"{API}/accounts/{north_account['id']}"
    assert client.get(url, headers=headers).status_code == 200
    assert north_account["id"] in _ids(client.get(f"{API}/accounts", headers=headers))
    response = client.patch(url, json={"website": "x.example"}, headers=headers)
    assert response.status_code == 403
    assert response.content_type == "application/problem+json"
    assert client.delete(url, headers=headers).status_code == 403
    assert client.get(url, headers=headers).get_json()["version"] == 1


def _rule(access):
    return {
        "id": "r1",
        "module": "accounts",
        "source_kind": "role",
        "source_id": "north",
        "target_kind": "role",
        "target_id": "south",
        "access": access,
    }


def test_a_read_sharing_rule_opens_viewing_only(client, org, north_account):
    org.save(rules=(_rule("read"),))
    headers = org.headers(org.south)
    url = f"{API}/accounts/{north_account['id']}"
    assert client.get(url, headers=headers).status_code == 200
    assert client.patch(url, json={"website": "x.example"}, headers=headers).status_code == 403


def test_a_read_write_sharing_rule_opens_editing_but_not_deleting(client, org, north_account):
    org.save(rules=(_rule("read_write"),))
    headers = org.headers(org.south)
    url = f"{API}/accounts/{north_account['id']}"
    assert client.patch(url, json={"website": "x.example"}, headers=headers).status_code == 200
    assert client.delete(url, headers=headers).status_code == 403


def test_a_sharing_rule_opens_exactly_its_module(client, org, create_contact):
    org.save(rules=(_rule("read_write"),))
    contact = create_contact(owner_id=str(org.north))
    response = client.get(f"{API}/contacts/{contact['id']}", headers=org.headers(org.south))
    assert response.status_code == 404


def test_a_group_owned_record_is_visible_to_group_members_only(client, org, create_account):
    org.save()
    account = create_account(name="Shared Desk", owner_id=str(org.group))
    assert account["owner_id"] == str(org.group)
    url = f"{API}/accounts/{account['id']}"
    assert client.get(url, headers=org.headers(org.supporter)).status_code == 200
    assert (
        client.patch(
            url, json={"website": "d.example"}, headers=org.headers(org.supporter)
        ).status_code
        == 200
    )
    assert client.get(url, headers=org.headers(org.north)).status_code == 404
    assert account["id"] in _ids(client.get(f"{API}/accounts", headers=org.headers(org.supporter)))


def test_an_owner_id_that_is_neither_user_nor_group_is_422(client, org, admin_headers):
    org.save()
    response = client.post(
        f"{API}/accounts", json={"name": "X", "owner_id": str(uuid.uuid4())}, headers=admin_headers
    )
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "owner_id"


def test_a_hidden_field_is_absent_from_every_answer(client, org, create_account, admin_headers):
    org.save(account_fields={"phone": "hidden"})
    account = create_account(name="Hidden Phone", owner_id=str(org.north), phone="0113 496 0000")
    headers = org.headers(org.north)
    got = client.get(f"{API}/accounts/{account['id']}", headers=headers).get_json()
    assert "phone" not in got and got["name"] == "Hidden Phone"
    for query in ("", "?q=hidden", "?tag=none"):
        for item in client.get(f"{API}/accounts{query}", headers=headers).get_json()["items"]:
            assert "phone" not in item
    patched = client.patch(
        f"{API}/accounts/{account['id']}", json={"website": "h.example"}, headers=headers
    )
    assert patched.status_code == 200 and "phone" not in patched.get_json()
    created = client.post(f"{API}/accounts", json={"name": "Mine"}, headers=headers)
    assert created.status_code == 201 and "phone" not in created.get_json()
    # The administrator still sees it.
    got = client.get(f"{API}/accounts/{account['id']}", headers=admin_headers).get_json()
    assert got["phone"] == "0113 496 0000"


def test_writing_a_read_only_or_hidden_field_is_403_naming_it(client, org, north_account):
    org.save(account_fields={"website": "read_only", "phone": "hidden"})
    headers = org.headers(org.north)
    url = f"{API}/accounts/{north_account['id']}"
    response = client.patch(url, json={"website": "x.example"}, headers=headers)
    assert response.status_code == 403
    body = response.get_json()
    assert body["errors"][0]["field"] == "website" and "website" in body["detail"]
    response = client.patch(url, json={"phone": "1"}, headers=headers)
    assert response.status_code == 403 and response.get_json()["errors"][0]["field"] == "phone"
    response = client.post(
        f"{API}/accounts", json={"name": "New", "website": "n.example"}, headers=headers
    )
    assert response.status_code == 403
    assert client.patch(url, json={"description": "ok"}, headers=headers).status_code == 200


def test_contacts_follow_the_same_rules(client, org, create_contact):
    org.save(contact_fields={"email": "hidden"})
    contact = create_contact(owner_id=str(org.north), email="ada@example.com")
    url = f"{API}/contacts/{contact['id']}"
    got = client.get(url, headers=org.headers(org.north)).get_json()
    assert "email" not in got and got["last_name"] == "Lovelace"
    assert client.get(url, headers=org.headers(org.south)).status_code == 404
    assert client.delete(url, headers=org.headers(org.south)).status_code == 404
    assert _ids(client.get(f"{API}/contacts", headers=org.headers(org.south))) == set()
    assert contact["id"] in _ids(client.get(f"{API}/contacts", headers=org.headers(org.manager)))


def test_a_profile_without_the_action_is_403(client, org, north_account):
    org.save(actions=("view",))
    headers = org.headers(org.north)
    assert client.get(f"{API}/accounts/{north_account['id']}", headers=headers).status_code == 200
    response = client.post(f"{API}/accounts", json={"name": "X"}, headers=headers)
    assert response.status_code == 403


def test_a_service_account_acts_within_its_scopes_on_every_record(
    client, org, tokens, north_account
):
    token = tokens.issue("svc-billing", typ="service", scope="contacts.accounts.read")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"{API}/accounts/{north_account['id']}", headers=headers).status_code == 200
    assert north_account["id"] in _ids(client.get(f"{API}/accounts", headers=headers))
    assert client.post(f"{API}/accounts", json={"name": "X"}, headers=headers).status_code == 403
    assert client.get(f"{API}/contacts", headers=headers).status_code == 403


def test_a_user_unknown_to_the_policy_sees_only_their_own_records(
    client, org, user_headers, owner, north_account, create_account
):
    mine = create_account(name="Mine")  # owned by ``owner``, who is not in the snapshot
    headers = user_headers("accounts.view")
    assert _ids(client.get(f"{API}/accounts", headers=headers)) == {mine["id"]}
    url = f"{API}/accounts/{north_account['id']}"
    assert client.get(url, headers=headers).status_code == 404


def test_a_deactivated_user_in_the_policy_is_refused(client, org, north_account):
    snapshot = org.snapshot()
    users = [u if u.id != str(org.north) else replace(u, active=False) for u in snapshot.users]
    org.service.access.store.save(replace(snapshot, users=tuple(users)))
    response = client.get(f"{API}/accounts", headers=org.headers(org.north))
    assert response.status_code == 401
