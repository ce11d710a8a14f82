"""Issue 12 case 2: a hidden field cannot be found by a query either (REST).

An explicit filter or sort that reads a hidden field is 403 naming it; ``q=`` matches only
the fields the caller sees; exports leave hidden columns out. The administrator (no
hidden fields) still finds everything.
"""

import csv
import io

import pytest

API = "/api/contacts/v1"
PHONE, DIGITS = "+44 113 496 0777", "1134960777"


@pytest.fixture
def hidden(org, create_account, create_contact):
    org.save(
        account_fields={"phone": "hidden", "email": "hidden"},
        contact_fields={"email": "hidden", "mobile": "hidden"},
    )
    account = create_account(
        name="Quietwind", owner_id=str(org.north), phone=PHONE, email="desk@quiet.example"
    )
    contact = create_contact(
        last_name="Byron",
        owner_id=str(org.north),
        email="ada@secret.example",
        mobile="07700 900123",
        account_id=account["id"],
    )
    return account, contact


def _ids(response):
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


@pytest.mark.parametrize(
    "query",
    [f"q={DIGITS}", "q=496 0777", "q=desk@quiet", "q=quiet.example"],
)
def test_q_does_not_match_a_hidden_account_field(client, org, hidden, admin_headers, query):
    account, _ = hidden
    headers = org.headers(org.north)
    assert _ids(client.get(f"{API}/accounts?{query}", headers=headers)) == []
    assert _ids(client.get(f"{API}/accounts?{query}", headers=admin_headers)) == [account["id"]]


def test_q_still_matches_visible_fields(client, org, hidden):
    account, contact = hidden
    headers = org.headers(org.north)
    assert _ids(client.get(f"{API}/accounts?q=quietw", headers=headers)) == [account["id"]]
    assert _ids(client.get(f"{API}/contacts?q=byron", headers=headers)) == [contact["id"]]


def test_q_matches_a_visible_phone_by_its_digits(client, org, create_account):
    org.save(account_fields={"email": "hidden"})
    account = create_account(name="Loud", owner_id=str(org.north), phone="+1 (555) 010-0999")
    headers = org.headers(org.north)
    assert _ids(client.get(f"{API}/accounts?q=5550100999", headers=headers)) == [account["id"]]


@pytest.mark.parametrize("query", ["q=07700900123", "q=900123", "q=secret.example"])
def test_q_does_not_match_a_hidden_contact_field(client, org, hidden, admin_headers, query):
    _, contact = hidden
    headers = org.headers(org.north)
    assert _ids(client.get(f"{API}/contacts?{query}", headers=headers)) == []
    assert _ids(client.get(f"{API}/contacts?{query}", headers=admin_headers)) == [contact["id"]]


@pytest.mark.parametrize(
    ("path", "param", "field"),
    [
        ("accounts", f"phone={DIGITS}", "phone"),
        ("accounts", "email=desk@quiet.example", "email"),
        ("accounts", "web_domain=quiet.example", "email"),
        ("contacts", "email=ada@secret.example", "email"),
        ("contacts", "phone=07700900123", "mobile"),
    ],
)
def test_a_filter_on_a_hidden_field_is_403_naming_it(
    client, org, hidden, admin_headers, path, param, field
):
    response = client.get(f"{API}/{path}?{param}", headers=org.headers(org.north))
    assert response.status_code == 403
    assert response.content_type.startswith("application/problem+json")
    body = response.get_json()
    assert body["errors"][0]["field"] == param.split("=")[0]
    assert f"'{field}'" in body["detail"]
    assert len(_ids(client.get(f"{API}/{path}?{param}", headers=admin_headers))) == 1


def test_a_sort_on_a_hidden_field_is_403(client, org, create_account):
    org.save(account_fields={"name": "hidden"})
    first = create_account(name="Zebra", owner_id=str(org.north))
    headers = org.headers(org.north)
    response = client.get(f"{API}/accounts?sort=-name", headers=headers)
    assert response.status_code == 403 and response.get_json()["errors"][0]["field"] == "sort"
    assert client.get(f"{API}/accounts?sort=created_at", headers=headers).status_code == 200
    # Without a sort the list is by creation, not by the hidden name.
    second = create_account(name="Aardvark", owner_id=str(org.north))
    assert _ids(client.get(f"{API}/accounts", headers=headers)) == [first["id"], second["id"]]


def test_a_filter_on_a_visible_field_still_works(client, org, hidden):
    account, contact = hidden
    headers = org.headers(org.north)
    assert _ids(client.get(f"{API}/accounts?owner_id={org.north}", headers=headers)) == [
        account["id"]
    ]
    url = f"{API}/contacts?account_id={account['id']}"
    assert _ids(client.get(url, headers=headers)) == [contact["id"]]


def test_an_export_leaves_hidden_columns_out_and_refuses_hidden_filters(client, org, hidden):
    headers = org.headers(org.north)
    response = client.get(f"{API}/exports?entity=accounts", headers=headers)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert "phone" not in rows[0] and "email" not in rows[0] and "name" in rows[0]
    assert PHONE not in response.get_data(as_text=True)
    response = client.get(f"{API}/exports?entity=accounts&phone={DIGITS}", headers=headers)
    assert response.status_code == 403
    response = client.get(f"{API}/exports?entity=contacts&q=secret.example", headers=headers)
    assert response.status_code == 200 and len(response.get_data(as_text=True).splitlines()) == 1


def test_the_360_view_leaves_out_a_balance_of_hidden_amounts(
    client, org, create_account, service, monkeypatch
):
    """An aggregate of amounts the caller may not see is hidden too."""
    parts = {name: {"status": "ok", "items": []} for name in ("opportunities", "quotes")}
    parts |= {"orders": {"status": "ok", "items": []}, "tickets": {"status": "ok", "items": []}}
    invoices = {"status": "ok", "items": [], "balance": [{"amount": "150.50", "currency": "EUR"}]}
    parts["invoices"] = {**invoices, "balance_complete": True}
    monkeypatch.setattr(service.overview.remote, "remote_parts", lambda *a: dict(parts))
    org.save(other_fields={"invoices": {"balance_due": "hidden"}})
    account = create_account(name="Globex", owner_id=str(org.north))
    url = f"{API}/accounts/{account['id']}/overview"
    body = client.get(url, headers=org.headers(org.north)).get_json()
    assert body["invoices"] == {"status": "ok", "items": []}


def test_duplicates_are_not_matched_on_a_hidden_field(client, org, create_contact, admin_headers):
    org.save(contact_fields={"mobile": "hidden"})
    for last in ("Twin", "Other"):
        create_contact(last_name=last, owner_id=str(org.north), mobile="07700 900999")
    url = f"{API}/duplicates?entity=contacts"
    mine = client.get(url, headers=org.headers(org.north)).get_json()["items"]
    assert [g for g in mine if g["matched_on"] == "phone"] == []
    admins = client.get(url, headers=admin_headers).get_json()["items"]
    assert [g["matched_on"] for g in admins] == ["phone"]


def test_activity_lists_follow_the_same_rule(client, org, admin_headers):
    org.save(other_fields={"tasks": {"title": "hidden", "priority": "hidden"}})
    body = {"title": "Call about the secret merger", "priority": "High", "owner_id": str(org.north)}
    task = client.post(f"{API}/tasks", json=body, headers=admin_headers).get_json()
    headers = org.headers(org.north)
    assert _ids(client.get(f"{API}/tasks?q=merger", headers=headers)) == []
    assert _ids(client.get(f"{API}/tasks?q=merger", headers=admin_headers)) == [task["id"]]
    response = client.get(f"{API}/tasks?priority=High", headers=headers)
    assert response.status_code == 403 and response.get_json()["errors"][0]["field"] == "priority"
    assert _ids(client.get(f"{API}/tasks?owner_id={org.north}", headers=headers)) == [task["id"]]


def test_a_note_history_leaves_a_hidden_body_out(client, org, create_account):
    org.save(other_fields={"notes": {}})
    account = create_account(name="Quietwind", owner_id=str(org.north))
    headers = org.headers(org.north)
    body = {"body": "The CEO is leaving", "related_type": "account", "related_id": account["id"]}
    note = client.post(f"{API}/notes", json=body, headers=headers).get_json()
    url = f"{API}/notes/{note['id']}"
    edit = {**headers, "If-Match": f'"{note["version"]}"'}
    assert client.patch(url, json={"body": "Still leaving"}, headers=edit).status_code == 200
    org.save(other_fields={"notes": {"body": "hidden"}})
    history = client.get(f"{url}/history", headers=headers).get_json()["items"]
    assert len(history) == 2 and all("body" not in r for r in history)
    assert _ids(client.get(f"{API}/notes?q=leaving", headers=headers)) == []
    entries = client.get(f"{API}/accounts/{account['id']}/timeline", headers=headers)
    assert "leaving" not in entries.get_data(as_text=True)
