"""Suppressions (administrators) and the Unsubscribe use case: recorded and announced once."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from crm_marketing.adapters.tables import event_tables
from crm_marketing.domain.audience_commands import RecordHardBounce, Unsubscribe

API = "/api/marketing/v1"


def _admin(token_factory):
    return {"Authorization": f"Bearer {token_factory.admin()}"}


def _outbox(service):
    table = event_tables.outbox
    with service.db.reading() as session:
        return [tuple(r) for r in session.execute(sa.select(table.c.type, table.c.subject))]


def test_administrators_add_list_and_remove_suppressions(client, token_factory):
    headers = _admin(token_factory)
    made = client.post(
        f"{API}/suppressions",
        json={"address": "Spam@Example.org", "note": "asked"},
        headers=headers,
    )
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["address"] == "spam@example.org"
    again = client.post(
        f"{API}/suppressions", json={"address": "spam@example.org"}, headers=headers
    )
    assert again.status_code == 409
    listed = client.get(f"{API}/suppressions?q=spam", headers=headers).get_json()
    assert [s["address"] for s in listed["items"]] == ["spam@example.org"]
    gone = client.delete(f"{API}/suppressions/Spam@example.org", headers=headers)
    assert gone.status_code == 204
    assert client.delete(f"{API}/suppressions/spam@example.org", headers=headers).status_code == 404


def test_suppressions_page_by_address(client, token_factory):
    headers = _admin(token_factory)
    for n in range(3):
        body = {"address": f"p{n}@example.org"}
        assert client.post(f"{API}/suppressions", json=body, headers=headers).status_code == 201
    first = client.get(f"{API}/suppressions?limit=2", headers=headers).get_json()
    cursor = first["next_cursor"]
    rest = client.get(f"{API}/suppressions?limit=2&cursor={cursor}", headers=headers).get_json()
    addresses = [s["address"] for s in first["items"] + rest["items"]]
    assert addresses == ["p0@example.org", "p1@example.org", "p2@example.org"]
    assert rest["next_cursor"] is None


def test_a_bad_suppression_is_a_422_and_others_are_forbidden_first(client, token_factory):
    bad = client.post(
        f"{API}/suppressions",
        json={"address": "nope", "reason": "x"},
        headers=_admin(token_factory),
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.get_json()["errors"]} == {"address", "reason"}
    user = {"Authorization": f"Bearer {token_factory.issue(perms=['campaigns.edit'])}"}
    assert client.post(f"{API}/suppressions", json={}, headers=user).status_code == 403
    assert client.get(f"{API}/suppressions", headers=user).status_code == 403


def test_an_unsubscribe_is_recorded_and_announced_once(service):
    contact_id, mailing_id = uuid.uuid4(), uuid.uuid4()
    command = Unsubscribe("Ada@Example.org", mailing_id=mailing_id, contact_id=contact_id)
    assert service.run(command) is True
    assert service.run(command) is False
    assert _outbox(service) == [("marketing.recipient.unsubscribed.v1", str(contact_id))]


def test_a_hard_bounce_suppresses_without_announcing(service):
    assert service.run(RecordHardBounce("gone@example.org")) is True
    assert service.run(Unsubscribe("gone@example.org")) is False
    assert _outbox(service) == []
