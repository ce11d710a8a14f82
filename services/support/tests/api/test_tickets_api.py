"""Tickets over REST: open, read, list, change, status machine, history, bad input."""

from __future__ import annotations

import re
import uuid
from typing import Any

API = "/api/support/v1"


def _count(service: Any, table: str) -> int:
    import sqlalchemy as sa

    with service.db.reading() as session:
        return int(session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_open_numbers_the_ticket_and_answers_201_with_location(client, admin, ticket):
    first, second = ticket(), ticket(priority="Urgent")
    assert re.fullmatch(r"TT-\d{4}-000001", first["number"])
    assert second["number"].endswith("000002")
    assert (first["status"], first["priority"], second["priority"]) == ("Open", "Normal", "Urgent")
    assert first["allowed_next"] == ["In Progress", "Wait For Response", "Closed"]
    got = client.get(f"{API}/tickets/{first['id']}", headers=admin)
    assert got.status_code == 200 and got.headers["ETag"] == '"1"'


def test_references_are_checked_as_the_caller(client, admin, references, service):
    account = references.account()
    contact = references.contact(account)
    other_contact = references.contact(references.account())
    body = {"title": "x", "account_id": str(account), "contact_id": str(contact)}
    assert client.post(f"{API}/tickets", json=body, headers=admin).status_code == 201
    token = admin["Authorization"].split()[1]
    assert ("account", account, token) in references.calls
    bad = {
        "title": "x",
        "account_id": str(account),
        "contact_id": str(other_contact),
        "product_id": str(uuid.uuid4()),
    }
    resp = client.post(f"{API}/tickets", json=bad, headers=admin)
    assert resp.status_code == 422
    assert {e["field"] for e in resp.get_json()["errors"]} == {"contact_id", "product_id"}
    assert _count(service, "tickets") == 1


def test_bad_input_is_4xx_and_writes_nothing(client, admin, service):
    cases = [
        {"title": ""},
        {"title": "x", "priority": "Whenever"},
        {"title": "x", "time_spent_minutes": -5},
        {"title": "x", "unknown": 1},
        {"title": "x", "owner_id": str(uuid.uuid4())},
        {"title": "x", "contact_id": str(uuid.uuid4())},
    ]
    for body in cases:
        resp = client.post(f"{API}/tickets", json=body, headers=admin)
        assert resp.status_code == 422, (body, resp.get_json())
        assert resp.headers["Content-Type"].startswith("application/problem+json")
    assert _count(service, "tickets") == 0
    assert _count(service, "ticket_history") == 0
    assert client.get(f"{API}/tickets/not-a-uuid", headers=admin).status_code == 400


def test_the_status_machine_answers_409_with_allowed_next(client, admin, ticket):
    t = ticket()
    url = f"{API}/tickets/{t['id']}"
    closed = client.patch(url, json={"status": "Closed", "resolution": "Rebooted"}, headers=admin)
    assert closed.status_code == 200 and closed.get_json()["closed_at"]
    refused = client.patch(url, json={"status": "Wait For Response"}, headers=admin)
    assert refused.status_code == 409
    assert refused.get_json()["current_status"] == "Closed"
    assert refused.get_json()["allowed_next"] == []
    no_reason = client.patch(url, json={"status": "Open"}, headers=admin)
    assert no_reason.status_code == 422
    reopened = client.patch(url, json={"status": "Open", "reason": "still broken"}, headers=admin)
    assert reopened.status_code == 200
    assert reopened.get_json()["closed_at"] is None
    unknown = client.patch(url, json={"status": "Archived"}, headers=admin)
    assert unknown.status_code == 422


def test_history_lists_status_owner_and_priority_changes(client, admin, ticket, policy):
    agent = uuid.uuid4()
    policy({agent: "agent"})
    t = ticket()
    url = f"{API}/tickets/{t['id']}"
    client.patch(url, json={"priority": "High", "owner_id": str(agent)}, headers=admin)
    client.patch(url, json={"status": "In Progress"}, headers=admin)
    items = client.get(f"{url}/history", headers=admin).get_json()["items"]
    changes = [(h["field"], h["old_value"], h["new_value"]) for h in items]
    assert changes == [
        ("status", None, "Open"),
        ("priority", None, "Normal"),
        ("priority", "Normal", "High"),
        ("owner", None, str(agent)),
        ("status", "Open", "In Progress"),
    ]


def test_if_match_with_an_old_version_is_412(client, admin, ticket):
    t = ticket()
    url = f"{API}/tickets/{t['id']}"
    assert client.patch(url, json={"title": "new"}, headers=admin).status_code == 200
    stale = client.patch(url, json={"title": "newer"}, headers={**admin, "If-Match": '"1"'})
    assert stale.status_code == 412


def test_lists_filter_search_and_page_by_cursor(client, admin, ticket, references):
    account = references.account()
    for n in range(5):
        ticket(title=f"Case {n}", account_id=str(account) if n % 2 else None)
    ticket(title="Broken fax machine", priority="High")
    page = client.get(f"{API}/tickets?limit=2&sort=number", headers=admin).get_json()
    assert [x["title"] for x in page["items"]] == ["Case 0", "Case 1"]
    rest = client.get(
        f"{API}/tickets?limit=10&sort=number&cursor={page['next_cursor']}", headers=admin
    )
    assert len(rest.get_json()["items"]) == 4
    mine = client.get(f"{API}/tickets?account_id={account}", headers=admin).get_json()["items"]
    assert {x["title"] for x in mine} == {"Case 1", "Case 3"}
    found = client.get(f"{API}/tickets?q=FAX", headers=admin).get_json()["items"]
    assert [x["title"] for x in found] == ["Broken fax machine"]
    high = client.get(f"{API}/tickets?priority=High", headers=admin).get_json()["items"]
    assert len(high) == 1
    assert client.get(f"{API}/tickets?sort=title", headers=admin).status_code == 400


def test_a_user_sees_own_tickets_and_the_manager_sees_the_agents(client, user, ticket, policy):
    boss, north, south = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    policy({boss: "manager", north: "agent", south: "agent"})
    mine = ticket(headers=user(north), owner_id=str(north))
    theirs = ticket(headers=user(south), owner_id=str(south))
    listed = client.get(f"{API}/tickets", headers=user(north)).get_json()["items"]
    assert [x["id"] for x in listed] == [mine["id"]]
    assert client.get(f"{API}/tickets/{theirs['id']}", headers=user(north)).status_code == 404
    both = client.get(f"{API}/tickets", headers=user(boss)).get_json()["items"]
    assert {x["id"] for x in both} == {mine["id"], theirs["id"]}


def test_hidden_fields_are_left_out_and_cannot_be_filtered(client, user, ticket, policy):
    agent = uuid.uuid4()
    policy({agent: "agent"}, fields={"tickets": {"time_spent_minutes": "hidden"}})
    t = ticket(headers=user(agent), owner_id=str(agent))
    got = client.get(f"{API}/tickets/{t['id']}", headers=user(agent)).get_json()
    assert "time_spent_minutes" not in got and got["title"] == "Printer on fire"
    resp = client.patch(
        f"{API}/tickets/{t['id']}", json={"time_spent_minutes": 5}, headers=user(agent)
    )
    assert resp.status_code == 403


def test_logged_time_adds_up_even_on_a_closed_ticket(client, admin, ticket, portal, references):
    t = ticket(time_spent_minutes=10)
    url = f"{API}/tickets/{t['id']}"
    assert client.post(f"{url}/time", json={"minutes": 15}, headers=admin).status_code == 200
    client.patch(url, json={"status": "Closed"}, headers=admin)
    logged = client.post(f"{url}/time", json={"minutes": 5}, headers=admin)
    assert logged.status_code == 200 and logged.get_json()["time_spent_minutes"] == 30
    assert client.post(f"{url}/time", json={"minutes": 0}, headers=admin).status_code == 422
    account = references.account()
    customer = portal(account, references.contact(account))
    assert client.post(f"{url}/time", json={"minutes": 5}, headers=customer).status_code == 403


def test_admins_edit_severity_and_category_lists_and_old_values_stay(client, admin, user, ticket):
    old = ticket(category="Big Problem")
    lists = {"severities": ["Minor", "Blocker"], "categories": ["Hardware", "Software"]}
    staff = user(uuid.uuid4())
    assert client.put(f"{API}/ticket-picklists", json=lists, headers=staff).status_code == 403
    assert client.put(f"{API}/ticket-picklists", json=lists, headers=admin).status_code == 200
    assert client.get(f"{API}/ticket-picklists", headers=staff).get_json() == lists
    assert ticket(category="Hardware", severity="Blocker")["severity"] == "Blocker"
    refused = client.post(
        f"{API}/tickets", json={"title": "x", "category": "Big Problem"}, headers=admin
    )
    assert refused.status_code == 422
    kept = client.patch(f"{API}/tickets/{old['id']}", json={"title": "renamed"}, headers=admin)
    assert kept.status_code == 200 and kept.get_json()["category"] == "Big Problem"
    blank = {"severities": [" "], "categories": ["a", "a"]}
    bad = client.put(f"{API}/ticket-picklists", json=blank, headers=admin)
    assert bad.status_code == 422
    assert {e["field"] for e in bad.get_json()["errors"]} == {"severities", "categories"}


def test_one_patch_reopens_and_changes_fields_and_a_refused_patch_changes_nothing(
    client, admin, ticket
):
    t = ticket()
    url = f"{API}/tickets/{t['id']}"
    client.patch(url, json={"status": "Closed"}, headers=admin)
    closed = client.get(url, headers=admin).get_json()
    refused = client.patch(url, json={"title": "new", "status": "Open"}, headers=admin)
    assert refused.status_code == 422  # no reason
    assert client.get(url, headers=admin).get_json() == closed
    both = client.patch(
        url, json={"title": "new", "status": "In Progress", "reason": "back"}, headers=admin
    )
    assert both.status_code == 200
    assert (both.get_json()["title"], both.get_json()["status"]) == ("new", "In Progress")
