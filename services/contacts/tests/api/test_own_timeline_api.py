"""Case 19: an account's (and a contact's) timeline shows the record's own life: created,
updated fields, tasks opened and completed, calls and meetings logged, notes; newest
first, each once."""

from __future__ import annotations

API = "/api/contacts/v1"


def _types(client, headers, path):
    response = client.get(f"{API}/{path}/timeline", headers=headers)
    assert response.status_code == 200, response.get_json()
    return [(e["event_type"], e["summary"]) for e in response.get_json()["items"]]


def test_the_account_timeline_shows_its_own_life_newest_first(
    client, admin_headers, create_account
):
    account = create_account(name="Acme")
    url = f"{API}/accounts/{account['id']}"
    assert client.patch(url, json={"phone": "+1 555"}, headers=admin_headers).status_code == 200
    # The same value again changes nothing, so nothing is added.
    assert client.patch(url, json={"phone": "+1 555"}, headers=admin_headers).status_code == 200
    about = {"related_type": "account", "related_id": account["id"]}
    task = client.post(f"{API}/tasks", json={"title": "Send offer", **about}, headers=admin_headers)
    done = client.patch(
        task.headers["Location"], json={"status": "Completed"}, headers=admin_headers
    )
    assert done.status_code == 200
    call = {"kind": "call", "title": "Intro call", "start": "2030-01-01T09:00:00Z", **about}
    call["status"] = "Held"
    assert client.post(f"{API}/events", json=call, headers=admin_headers).status_code == 201
    note = {"body": "Prefers e-mail", **about}
    assert client.post(f"{API}/notes", json=note, headers=admin_headers).status_code == 201
    assert _types(client, admin_headers, f"accounts/{account['id']}") == [
        ("contacts.note.added.v1", "Note: Prefers e-mail"),
        ("contacts.call.logged.v1", "Call logged: Intro call (Held)"),
        ("contacts.task.completed.v1", "Task completed: Send offer"),
        ("contacts.task.opened.v1", "Task opened: Send offer"),
        ("contacts.account.updated.v1", "Account updated: phone"),
        ("contacts.account.created.v1", "Account created Acme"),
    ]


def test_a_contact_shows_on_its_own_and_its_accounts_timeline_and_reopening_says_why(
    client, admin_headers, create_account
):
    account = create_account(name="Acme")
    body = {"last_name": "Lovelace", "first_name": "Ada", "account_id": account["id"]}
    contact = client.post(f"{API}/contacts", json=body, headers=admin_headers).get_json()
    about = {"related_type": "contact", "related_id": contact["id"]}
    task = client.post(f"{API}/tasks", json={"title": "Call Ada", **about}, headers=admin_headers)
    url = task.headers["Location"]
    client.patch(url, json={"status": "Closed"}, headers=admin_headers)
    reopened = {"status": "Open", "reason": "she called back"}
    assert client.patch(url, json=reopened, headers=admin_headers).status_code == 200
    own = _types(client, admin_headers, f"contacts/{contact['id']}")
    assert own == [
        ("contacts.task.reopened.v1", "Task reopened: Call Ada (she called back)"),
        ("contacts.task.closed.v1", "Task closed: Call Ada"),
        ("contacts.task.opened.v1", "Task opened: Call Ada"),
        ("contacts.contact.created.v1", "Contact created Ada Lovelace"),
    ]
    on_account = _types(client, admin_headers, f"accounts/{account['id']}")
    assert on_account[: len(own)] == own
    assert on_account[-1] == ("contacts.account.created.v1", "Account created Acme")


def test_a_restored_account_says_so(client, admin_headers, create_account):
    account = create_account(name="Back")
    url = f"{API}/accounts/{account['id']}"
    assert client.delete(url, headers=admin_headers).status_code == 204
    assert client.post(f"{url}/restore", headers=admin_headers).status_code == 200
    assert _types(client, admin_headers, f"accounts/{account['id']}")[0] == (
        "contacts.account.restored.v1",
        "Account restored Back",
    )
