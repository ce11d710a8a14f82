"""Cases 9 (tasks and calls), 10, 11 and 19 of the integrity issue, through the gateway with
identity, contacts, sales and billing running.

9.  An unknown ``related_id`` on a task or a call is 422 naming the field; a real lead
    (held by sales, checked over gRPC) is accepted.
10. An account with an open opportunity is not deleted (409 naming it); once the deal is
    lost it is; a deleted account's contacts no longer carry its id.
11. Merging accounts moves the merged one's tasks, calls and notes to the survivor.
19. The account's timeline shows its own life: created, updated, tasks opened and
    completed, calls logged, notes; newest first, once each.
"""

from __future__ import annotations

import uuid
from typing import Any

import requests

C = "/api/contacts/v1"
S = "/api/sales/v1"


def _call(gw: str, method: str, path: str, headers: dict[str, str], body: Any = None):
    return requests.request(method, f"{gw}{path}", json=body, headers=headers, timeout=15)


def _ok(response: requests.Response, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.text)
    return response.json()


def _account(gw, admin, name):
    return _ok(
        _call(gw, "POST", f"{C}/accounts", admin, {"name": f"{name} {uuid.uuid4().hex[:6]}"})
    )


def test_case_9_unknown_related_ids_are_refused_real_ones_accepted(gw, admin):
    unknown = {"related_type": "lead", "related_id": str(uuid.uuid4())}
    refused = _call(gw, "POST", f"{C}/tasks", admin, {"title": "Call back", **unknown})
    assert refused.status_code == 422, refused.text
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in refused.json()["errors"]] == ["related_id"]
    call = {"kind": "call", "title": "Intro", "start": "2030-01-01T09:00:00Z"}
    deal = {"related_type": "opportunity", "related_id": str(uuid.uuid4())}
    refused = _call(gw, "POST", f"{C}/events", admin, {**call, **deal})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "related_id"
    lead = _ok(_call(gw, "POST", f"{S}/leads", admin, {"last_name": "Lovelace", "company": "AE"}))
    real = {"related_type": "lead", "related_id": lead["id"]}
    _ok(_call(gw, "POST", f"{C}/tasks", admin, {"title": "Call back", **real}))
    _ok(_call(gw, "POST", f"{C}/events", admin, {**call, **real}))


def test_case_10_open_business_blocks_a_delete_and_a_delete_leaves_no_orphan(gw, admin):
    account = _account(gw, admin, "Open Deal Corp")
    url = f"{C}/accounts/{account['id']}"
    deal = _ok(
        _call(
            gw, "POST", f"{S}/opportunities", admin, {"name": "Deal", "account_id": account["id"]}
        )
    )
    refused = _call(gw, "DELETE", url, admin)
    assert refused.status_code == 409, refused.text
    assert refused.json()["open_business"] == {"open_opportunities": 1}
    assert _call(gw, "GET", url, admin).status_code == 200
    lost = {"sales_stage": "Closed Lost", "lost_reason": "Price"}
    _ok(_call(gw, "PATCH", f"{S}/opportunities/{deal['id']}", admin, lost), 200)
    contact = _ok(
        _call(gw, "POST", f"{C}/contacts", admin, {"last_name": "Ada", "account_id": account["id"]})
    )
    request = _ok(_call(gw, "DELETE", url, admin), 202)  # its contact refers to it
    _ok(_call(gw, "POST", f"{C}/deletion-requests/{request['id']}/approve", admin), 200)
    assert _call(gw, "GET", url, admin).status_code == 404
    left = _ok(_call(gw, "GET", f"{C}/contacts/{contact['id']}", admin), 200)
    assert left["account_id"] is None
    twice = _call(gw, "POST", f"{C}/deletion-requests/{request['id']}/approve", admin)
    assert twice.status_code == 409 and twice.json()["current_status"] == "approved"


def test_case_11_a_merge_moves_tasks_calls_and_notes_to_the_survivor(gw, admin, eventually):
    survivor, twin = _account(gw, admin, "Acme"), _account(gw, admin, "ACME")
    deal = {"name": "Twin deal", "account_id": twin["id"]}
    deal = _ok(_call(gw, "POST", f"{S}/opportunities", admin, deal))
    about = {"related_type": "account", "related_id": twin["id"]}
    _ok(_call(gw, "POST", f"{C}/tasks", admin, {"title": "Send offer", **about}))
    call = {"kind": "call", "title": "Intro", "start": "2030-01-01T09:00:00Z", **about}
    _ok(_call(gw, "POST", f"{C}/events", admin, call))
    _ok(_call(gw, "POST", f"{C}/notes", admin, {"body": "Met at the fair", **about}))
    merge = {"entity": "accounts", "survivor_id": survivor["id"], "merged_ids": [twin["id"]]}
    moved = _ok(_call(gw, "POST", f"{C}/merges", admin, merge), 200)["moved"]
    assert (moved["tasks"], moved["events"], moved["notes"]) == (1, 1, 1)
    for path in ("tasks", "events", "notes"):
        query = f"related_type=account&related_id={survivor['id']}"
        assert len(_ok(_call(gw, "GET", f"{C}/{path}?{query}", admin), 200)["items"]) == 1
    # Sales hears contacts.account.merged.v1 and moves the deal too.
    eventually(
        lambda: (
            _call(gw, "GET", f"{S}/opportunities/{deal['id']}", admin).json()["account_id"]
            == survivor["id"]
        )
    )


def test_case_19_the_timeline_shows_the_accounts_own_life(gw, admin):
    account = _account(gw, admin, "Timeline Ltd")
    url = f"{C}/accounts/{account['id']}"
    _ok(_call(gw, "PATCH", url, admin, {"phone": "+44 20 7946 0000"}), 200)
    about = {"related_type": "account", "related_id": account["id"]}
    task = _ok(_call(gw, "POST", f"{C}/tasks", admin, {"title": "Send offer", **about}))
    _ok(_call(gw, "PATCH", f"{C}/tasks/{task['id']}", admin, {"status": "Completed"}), 200)
    call = {"kind": "call", "title": "Intro", "start": "2030-01-01T09:00:00Z", "status": "Held"}
    _ok(_call(gw, "POST", f"{C}/events", admin, {**call, **about}))
    _ok(_call(gw, "POST", f"{C}/notes", admin, {"body": "Prefers e-mail", **about}))
    items = _ok(_call(gw, "GET", f"{url}/timeline", admin), 200)["items"]
    own = [e["event_type"] for e in items if e["source"] == "contacts"]
    assert own == [
        "contacts.note.added.v1",
        "contacts.call.logged.v1",
        "contacts.task.completed.v1",
        "contacts.task.opened.v1",
        "contacts.account.updated.v1",
        "contacts.account.created.v1",
    ]
    assert len({e["event_id"] for e in items}) == len(items)
