"""Cases 10 and 11: deleting an account with open business elsewhere is refused (409
naming it); a delete detaches what referred to the account; a merge re-points tasks,
calls, meetings, notes and timeline entries to the survivor."""

from __future__ import annotations

import sqlalchemy as sa

from crm_chassis.events.envelope import Envelope
from crm_contacts.adapters.tables import event_tables

API = "/api/contacts/v1"


def _outbox_types(service):
    with service.db.reading() as session:
        rows = session.execute(sa.select(event_tables.outbox.c.body)).scalars()
        return [Envelope.from_json(body).type for body in rows]


def _about(account):
    return {"related_type": "account", "related_id": account["id"]}


def test_an_account_with_open_business_is_not_deleted(
    client, admin_headers, create_account, remote, service
):
    account = create_account(name="Busy")
    remote.open_business[account["id"]] = {"open_opportunities": 1, "open_invoices": 2}
    url = f"{API}/accounts/{account['id']}"
    refused = client.delete(url, headers=admin_headers)
    assert refused.status_code == 409, refused.get_json()
    problem = refused.get_json()
    assert problem["open_business"] == {"open_opportunities": 1, "open_invoices": 2}
    assert "open opportunities" in problem["detail"]
    assert client.get(url, headers=admin_headers).status_code == 200
    assert "contacts.account.deleted.v1" not in _outbox_types(service)
    asked = {m for m, _ in remote.calls}
    assert asked == {"GetAccountActivity", "GetAccountBalance"}


def test_sales_or_billing_down_is_503_and_nothing_is_deleted(
    client, admin_headers, create_account, remote
):
    account = create_account()
    remote.down.add("billing")
    refused = client.delete(f"{API}/accounts/{account['id']}", headers=admin_headers)
    assert refused.status_code == 503, refused.get_json()
    assert client.get(f"{API}/accounts/{account['id']}", headers=admin_headers).status_code == 200


def test_approving_a_request_rechecks_open_business(
    client, admin_headers, create_account, create_contact, remote
):
    account = create_account()
    create_contact(account_id=account["id"])
    request = client.delete(f"{API}/accounts/{account['id']}", headers=admin_headers).get_json()
    assert request["status"] == "pending"
    remote.open_business[account["id"]] = {"open_quotes": 1}
    decide = f"{API}/deletion-requests/{request['id']}"
    refused = client.post(f"{decide}/approve", headers=admin_headers)
    assert refused.status_code == 409 and refused.get_json()["open_business"] == {"open_quotes": 1}
    assert client.get(decide, headers=admin_headers).get_json()["status"] == "pending"
    remote.open_business.clear()
    assert client.post(f"{decide}/approve", headers=admin_headers).status_code == 200
    twice = client.post(f"{decide}/approve", headers=admin_headers)
    assert twice.status_code == 409 and twice.get_json()["current_status"] == "approved"


def test_a_deleted_accounts_contacts_children_and_activities_are_detached(
    client, admin_headers, create_account, create_contact, service
):
    account = create_account(name="Gone")
    child = create_account(name="Branch", parent_id=account["id"])
    contact = create_contact(account_id=account["id"])
    task = client.post(
        f"{API}/tasks", json={"title": "Follow up", **_about(account)}, headers=admin_headers
    ).get_json()
    request = client.delete(f"{API}/accounts/{account['id']}", headers=admin_headers).get_json()
    approved = client.post(
        f"{API}/deletion-requests/{request['id']}/approve", headers=admin_headers
    )
    assert approved.status_code == 200
    got = client.get(f"{API}/contacts/{contact['id']}", headers=admin_headers).get_json()
    assert got["account_id"] is None and got["version"] == contact["version"] + 1
    assert (
        client.get(f"{API}/accounts/{child['id']}", headers=admin_headers).get_json()["parent_id"]
        is None
    )
    moved = client.get(f"{API}/tasks/{task['id']}", headers=admin_headers).get_json()
    assert moved["related_id"] is None and moved["related_type"] is None
    timeline = client.get(f"{API}/contacts/{contact['id']}/timeline", headers=admin_headers)
    assert timeline.get_json()["items"][0]["summary"].endswith("updated: account_id")
    types = _outbox_types(service)
    assert "contacts.account.deleted.v1" in types
    assert types.count("contacts.contact.updated.v1") == 1
    assert types.count("contacts.account.updated.v1") == 1  # the child's parent_id


def test_merging_accounts_repoints_tasks_calls_notes_and_timeline(
    client, admin_headers, create_account
):
    survivor, twin = create_account(name="Acme"), create_account(name="ACME Ltd")
    about = _about(twin)
    client.post(f"{API}/tasks", json={"title": "Send offer", **about}, headers=admin_headers)
    call = {"kind": "call", "title": "Intro", "start": "2030-01-01T09:00:00Z", **about}
    client.post(f"{API}/events", json=call, headers=admin_headers)
    client.post(f"{API}/notes", json={"body": "Met at fair", **about}, headers=admin_headers)
    merged = client.post(
        f"{API}/merges",
        json={"entity": "accounts", "survivor_id": survivor["id"], "merged_ids": [twin["id"]]},
        headers=admin_headers,
    )
    assert merged.status_code == 200, merged.get_json()
    moved = merged.get_json()["moved"]
    assert (moved["tasks"], moved["events"], moved["notes"]) == (1, 1, 1)
    for path in ("tasks", "events", "notes"):
        query = f"related_type=account&related_id={survivor['id']}"
        listed = client.get(f"{API}/{path}?{query}", headers=admin_headers).get_json()["items"]
        assert len(listed) == 1, path
        stale = f"related_type=account&related_id={twin['id']}"
        assert client.get(f"{API}/{path}?{stale}", headers=admin_headers).get_json()["items"] == []
    timeline = client.get(f"{API}/accounts/{survivor['id']}/timeline", headers=admin_headers)
    summaries = [e["summary"] for e in timeline.get_json()["items"]]
    assert "Account created ACME Ltd" in summaries and "Task opened: Send offer" in summaries
    assert summaries.count("Account created Acme") == 1


def test_who_may_not_delete_the_account_is_refused_before_other_services_are_asked(
    client, org, create_account, remote
):
    org.save(sharing="public_read")
    account = create_account(name="Theirs", owner_id=str(org.north))
    url = f"{API}/accounts/{account['id']}"
    assert client.delete(url, headers=org.headers(org.south)).status_code == 403
    org.save(sharing="private")
    assert client.delete(url, headers=org.headers(org.south)).status_code == 404
    assert remote.calls == []
    assert client.delete(url, headers=org.headers(org.north)).status_code == 204
    assert {m for m, _ in remote.calls} == {"GetAccountActivity", "GetAccountBalance"}
