"""Calls and meetings through the REST API: participants, outcome, rules, access."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

API = "/api/contacts/v1"


def _ids(response):
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_a_meeting_with_participants_and_its_outcome(client, admin_headers, owner):
    start = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
    contact = str(uuid.uuid4())
    response = client.post(
        f"{API}/events",
        headers=admin_headers,
        json={
            "kind": "meeting",
            "title": "Kick-off",
            "start": start.isoformat(),
            "end": (start + timedelta(hours=1)).isoformat(),
            "location": "HQ",
            "participants": [
                {"type": "user", "id": str(owner.id)},
                {"type": "contact", "id": contact},
                {"type": "external", "email": "ada@example.com", "name": "Ada"},
            ],
        },
    )
    assert response.status_code == 201, response.get_json()
    event = response.get_json()
    assert response.headers["Location"] == f"{API}/events/{event['id']}"
    assert event["status"] == "Planned" and len(event["participants"]) == 3
    held = client.patch(
        response.headers["Location"],
        headers={**admin_headers, "If-Match": '"1"'},
        json={"status": "Held", "outcome": "Signed the NDA"},
    )
    assert held.status_code == 200 and held.get_json()["outcome"] == "Signed the NDA"
    calls = _ids(client.get(f"{API}/events?kind=call", headers=admin_headers))
    meetings = _ids(client.get(f"{API}/events?kind=meeting", headers=admin_headers))
    assert calls == [] and meetings == [event["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "visit", "title": "x", "start": "2030-01-01T10:00:00Z"}, "kind"),
        ({"kind": "call", "title": "x"}, "start"),
        (
            {
                "kind": "call",
                "title": "x",
                "start": "2030-01-01T10:00:00Z",
                "end": "2030-01-01T09:00:00Z",
            },
            "end",
        ),
        (
            {
                "kind": "call",
                "title": "x",
                "start": "2030-01-01T10:00:00Z",
                "participants": [{"type": "external"}],
            },
            "participants.0.email",
        ),
        (
            {"kind": "call", "title": "x", "start": "2030-01-01T10:00:00Z", "status": "Done"},
            "status",
        ),
    ],
)
def test_invalid_event_fields_answer_422(client, admin_headers, body, field):
    response = client.post(f"{API}/events", json=body, headers=admin_headers)
    assert response.status_code == 422, response.get_json()
    assert field in [e["field"] for e in response.get_json()["errors"]]


def test_a_peers_call_is_invisible(client, team):
    response = client.post(
        f"{API}/events",
        headers=team.headers(team.north),
        json={"kind": "call", "title": "Cold call", "start": "2030-01-01T10:00:00Z"},
    )
    url = response.headers["Location"]
    assert client.get(url, headers=team.headers(team.south)).status_code == 404
    assert client.get(url, headers=team.headers(team.manager)).status_code == 200
