"""Portal users (scopes portal.tickets.read|write) and their own account's tickets only:
another account's ticket answers exactly like a random id, internal comments and their
files stay with staff, staff-only fields are never shown."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

API = "/api/support/v1"
STAFF_ONLY = {"owner_id", "owner_kind", "time_spent_minutes", "created_by"}


@pytest.fixture
def two(references: Any, portal: Any, ticket: Any, client: Any, admin: dict, upload: Any) -> dict:
    """Two customers, each with a portal user, a ticket, a public and an internal comment."""
    out: dict[str, Any] = {}
    for name in ("acme", "globex"):
        account = references.account()
        contact = references.contact(account)
        tk = ticket(account_id=str(account), contact_id=str(contact), time_spent_minutes=30)
        url = f"{API}/tickets/{tk['id']}/comments"
        client.post(url, json={"body": f"{name} public"}, headers=admin)
        secret = client.post(url, json={"body": "internal", "is_public": False}, headers=admin)
        files = f"{API}/tickets/{tk['id']}/comments/{secret.get_json()['id']}/attachments"
        upload(files, admin, b"staff only", "notes.txt", "text/plain")
        out[name] = {"headers": portal(account, contact), "ticket": tk, "account": account}
    return out


def _same_as_random(client: Any, path: str, headers: dict, method: str = "get", **kw: Any) -> None:
    other = getattr(client, method)(path, headers=headers, **kw)
    random = getattr(client, method)(
        path.replace(path.split("/")[5], str(uuid.uuid4())), headers=headers, **kw
    )
    assert other.status_code == random.status_code == 404
    assert other.get_json()["title"] == random.get_json()["title"]


def test_each_customer_lists_gets_and_searches_only_its_own(client, two):
    for me, them in (("acme", "globex"), ("globex", "acme")):
        headers, mine = two[me]["headers"], two[me]["ticket"]
        listed = client.get(f"{API}/tickets", headers=headers).get_json()["items"]
        assert [x["id"] for x in listed] == [mine["id"]]
        assert not STAFF_ONLY & set(listed[0])
        searched = client.get(f"{API}/tickets?q=printer", headers=headers).get_json()["items"]
        assert [x["id"] for x in searched] == [mine["id"]]
        theirs = two[them]["ticket"]
        by_number = client.get(f"{API}/tickets?number={theirs['number']}", headers=headers)
        assert by_number.get_json()["items"] == []
        _same_as_random(client, f"{API}/tickets/{theirs['id']}", headers)
        for tail in ("comments", "attachments"):
            _same_as_random(client, f"{API}/tickets/{theirs['id']}/{tail}", headers)


def test_a_customer_never_sees_internal_comments_or_their_files(client, two):
    headers, mine = two["acme"]["headers"], two["acme"]["ticket"]
    thread = client.get(f"{API}/tickets/{mine['id']}/comments", headers=headers).get_json()
    assert [c["body"] for c in thread["items"]] == ["acme public"]
    files = client.get(f"{API}/tickets/{mine['id']}/attachments", headers=headers).get_json()
    assert files["items"] == []


def test_a_customer_writes_only_to_its_own_tickets(client, two, upload):
    headers = two["acme"]["headers"]
    theirs = two["globex"]["ticket"]
    _same_as_random(
        client, f"{API}/tickets/{theirs['id']}/comments", headers, "post", json={"body": "hi"}
    )
    posted = upload(
        f"{API}/tickets/{theirs['id']}/attachments", headers, b"x", "a.txt", "text/plain"
    )
    assert posted.status_code == 404
    created = client.post(
        f"{API}/tickets",
        json={"title": "Mine", "account_id": str(two["globex"]["account"])},
        headers=headers,
    )
    assert created.status_code == 201
    assert created.get_json()["account_id"] == str(two["acme"]["account"])
    assert created.get_json()["channel"] == "portal"
    mine = client.post(
        f"{API}/tickets/{created.get_json()['id']}/comments",
        json={"body": "more detail", "is_public": False},
        headers=headers,
    )
    assert mine.status_code == 201 and mine.get_json()["is_public"] is True
    assert mine.get_json()["author_kind"] == "customer"


def test_staff_paths_are_refused_to_customers_whatever_the_id(client, two):
    headers, mine = two["acme"]["headers"], two["acme"]["ticket"]
    theirs = two["globex"]["ticket"]
    for tid in (mine["id"], theirs["id"], str(uuid.uuid4())):
        assert client.get(f"{API}/tickets/{tid}/history", headers=headers).status_code == 403
        patch = client.patch(f"{API}/tickets/{tid}", json={"title": "x"}, headers=headers)
        assert patch.status_code == 403
    assert client.get(f"{API}/assignment-rules", headers=headers).status_code == 403
    owner = client.post(
        f"{API}/tickets", json={"title": "x", "owner_id": str(uuid.uuid4())}, headers=headers
    )
    assert owner.status_code == 403


def test_a_customer_sending_staff_only_fields_is_refused_and_nothing_is_written(client, two):
    headers = two["acme"]["headers"]
    before = client.get(f"{API}/tickets", headers=headers).get_json()["items"]
    for extra in ({"time_spent_minutes": 5}, {"owner_id": str(uuid.uuid4())}):
        resp = client.post(f"{API}/tickets", json={"title": "x", **extra}, headers=headers)
        assert resp.status_code == 403
    assert client.get(f"{API}/tickets", headers=headers).get_json()["items"] == before


@pytest.mark.parametrize(
    ("method", "tail", "body"),
    [
        ("patch", "", "{not json"),
        ("patch", "", '{"priority": 7, "title": ""}'),
        ("post", "/time", '{"minutes": "lots"}'),
        ("get", "/history", None),
        ("get", "/sla", None),
    ],
)
def test_staff_paths_refuse_the_portal_before_reading_the_body(client, two, method, tail, body):
    """Authorisation before validation: a malformed body tells a customer nothing of the
    staff route's schema."""
    headers = {**two["acme"]["headers"], "Content-Type": "application/json"}
    path = f"{API}/tickets/{two['acme']['ticket']['id']}{tail}"
    resp = getattr(client, method)(path, headers=headers, data=body)
    assert resp.status_code == 403, resp.get_json()
    assert resp.get_json()["title"] == "Forbidden"
