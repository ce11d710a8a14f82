"""Deleting: soft delete with restore; referenced records need a manager's approval."""

API = "/api/contacts/v1"


def test_an_unreferenced_account_is_soft_deleted_and_restorable(
    client, admin_headers, create_account
):
    account = create_account(name="Gone Soon")
    url = f"{API}/accounts/{account['id']}"
    assert client.delete(url, headers=admin_headers).status_code == 204
    assert client.get(url, headers=admin_headers).status_code == 404
    assert client.get(f"{API}/accounts?q=gone", headers=admin_headers).get_json()["items"] == []
    assert client.patch(url, json={"phone": "1"}, headers=admin_headers).status_code == 404
    assert client.delete(url, headers=admin_headers).status_code == 404
    restored = client.post(f"{url}/restore", headers=admin_headers)
    assert restored.status_code == 200 and restored.get_json()["name"] == "Gone Soon"
    assert client.get(url, headers=admin_headers).status_code == 200
    again = client.post(f"{url}/restore", headers=admin_headers)
    assert again.status_code == 404  # nothing deleted to restore


def test_restore_after_the_retention_period_is_409(client, admin_headers, create_account, service):
    from datetime import UTC, datetime, timedelta

    from crm_contacts.adapters.tables import accounts

    account = create_account(name="Old")
    url = f"{API}/accounts/{account['id']}"
    assert client.delete(url, headers=admin_headers).status_code == 204
    with service.db.transaction() as session:
        session.execute(accounts.update().values(purge_after=datetime.now(UTC) - timedelta(days=1)))
    assert client.post(f"{url}/restore", headers=admin_headers).status_code == 409


def _referenced_account(org, create_account, create_contact):
    org.save()
    account = create_account(name="Busy Ltd", owner_id=str(org.north))
    create_contact(account_id=account["id"], owner_id=str(org.north))
    return account


def test_a_referenced_delete_waits_for_the_manager(client, org, create_account, create_contact):
    account = _referenced_account(org, create_account, create_contact)
    url = f"{API}/accounts/{account['id']}"
    rep = org.headers(org.north)
    response = client.delete(f"{url}?reason=closed%20down", headers=rep)
    assert response.status_code == 202
    request = response.get_json()
    assert request["reason"] == "closed down" and request["status"] == "pending"
    # Asking again returns the same pending request; the record stays meanwhile.
    assert client.delete(url, headers=rep).get_json()["id"] == request["id"]
    assert client.get(url, headers=rep).status_code == 200

    decide = f"{API}/deletion-requests/{request['id']}"
    assert client.post(f"{decide}/approve", headers=rep).status_code == 403  # not a manager
    assert client.post(f"{decide}/approve", headers=org.headers(org.south)).status_code == 404
    listed = client.get(f"{API}/deletion-requests?status=pending", headers=org.headers(org.manager))
    assert [r["id"] for r in listed.get_json()["items"]] == [request["id"]]
    assert (
        client.get(f"{API}/deletion-requests", headers=org.headers(org.south)).get_json()["items"]
        == []
    )

    approved = client.post(
        f"{decide}/approve", json={"note": "ok"}, headers=org.headers(org.manager)
    )
    assert approved.status_code == 200
    assert approved.get_json()["status"] == "approved"
    assert approved.get_json()["decision_note"] == "ok"
    assert client.get(url, headers=rep).status_code == 404
    assert client.post(f"{decide}/reject", headers=org.headers(org.manager)).status_code == 409


def test_a_rejected_request_leaves_the_record(client, org, create_account, create_contact):
    account = _referenced_account(org, create_account, create_contact)
    url = f"{API}/accounts/{account['id']}"
    request = client.delete(url, headers=org.headers(org.north)).get_json()
    response = client.post(
        f"{API}/deletion-requests/{request['id']}/reject", headers=org.headers(org.manager)
    )
    assert response.status_code == 200 and response.get_json()["status"] == "rejected"
    assert client.get(url, headers=org.headers(org.north)).status_code == 200


def test_a_contact_others_report_to_needs_approval(client, admin_headers, create_contact):
    boss = create_contact(last_name="Boss")
    create_contact(last_name="Report", reports_to_id=boss["id"])
    response = client.delete(f"{API}/contacts/{boss['id']}", headers=admin_headers)
    assert response.status_code == 202
    assert response.get_json()["references"] == {"reports": 1}
    approved = client.post(
        f"{API}/deletion-requests/{response.get_json()['id']}/approve", headers=admin_headers
    )
    assert approved.status_code == 200
    assert client.get(f"{API}/contacts/{boss['id']}", headers=admin_headers).status_code == 404


def test_expired_unreferenced_records_are_purged_and_referenced_ones_wait(
    client, admin_headers, create_account, create_contact, service
):
    from datetime import UTC, datetime, timedelta

    from crm_contacts.adapters.purge import purge_expired
    from crm_contacts.adapters.tables import accounts, contacts

    lone = create_account(name="Lone")
    busy = create_account(name="Busy")
    create_contact(account_id=busy["id"])
    assert client.delete(f"{API}/accounts/{lone['id']}", headers=admin_headers).status_code == 204
    request = client.delete(f"{API}/accounts/{busy['id']}", headers=admin_headers).get_json()
    client.post(f"{API}/deletion-requests/{request['id']}/approve", headers=admin_headers)
    later = datetime.now(UTC) + timedelta(days=31)
    assert purge_expired(service.db, datetime.now(UTC)) == {"contacts": 0, "accounts": 0}
    # Case 10: the approved delete detached the contact (it no longer refers to the dead
    # account), so both accounts go at the end of their retention; the contact stays.
    assert purge_expired(service.db, later) == {"contacts": 0, "accounts": 2}
    with service.db.reading() as session:
        assert set(session.execute(accounts.select()).scalars()) == set()
        left = session.execute(contacts.select()).all()
        assert len(left) == 1 and left[0].account_id is None
