"""Notes through the REST API: threads, history, notes on tasks, rules, access."""

from __future__ import annotations

import uuid

import pytest

API = "/api/contacts/v1"


def _task(client, headers, **fields):
    response = client.post(f"{API}/tasks", json={"title": "Call back", **fields}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response


def _ids(response):
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def _note(client, headers, **fields):
    return client.post(f"{API}/notes", json=fields, headers=headers)


def test_notes_thread_on_a_record_and_keep_their_history(client, admin_headers, owner):
    lead = str(uuid.uuid4())
    first = _note(
        client, admin_headers, body="Called, no answer", related_type="lead", related_id=lead
    )
    assert first.status_code == 201, first.get_json()
    note = first.get_json()
    assert first.headers["Location"] == f"{API}/notes/{note['id']}"
    assert note["author_id"] == str(owner.id) and not note["edited"]
    reply = _note(client, admin_headers, body="Tried again", parent_id=note["id"]).get_json()
    assert reply["related_id"] == lead and reply["parent_id"] == note["id"]

    url = first.headers["Location"]
    edited = client.patch(
        url, json={"body": "Called twice"}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert edited.status_code == 200 and edited.get_json()["edited"]
    stale = client.patch(url, json={"body": "x"}, headers={**admin_headers, "If-Match": '"1"'})
    assert stale.status_code == 412
    history = client.get(f"{url}/history", headers=admin_headers).get_json()["items"]
    assert [(h["version"], h["body"]) for h in history] == [
        (1, "Called, no answer"),
        (2, "Called twice"),
    ]
    thread = _ids(
        client.get(f"{API}/notes?related_type=lead&related_id={lead}", headers=admin_headers)
    )
    assert thread == [note["id"], reply["id"]]
    assert _ids(client.get(f"{API}/notes?parent_id={note['id']}", headers=admin_headers)) == [
        reply["id"]
    ]
    # A note with replies keeps its thread together.
    assert client.delete(url, headers=admin_headers).status_code == 409
    assert client.delete(f"{API}/notes/{reply['id']}", headers=admin_headers).status_code == 204
    assert client.delete(url, headers=admin_headers).status_code == 204
    assert client.get(f"{url}/history", headers=admin_headers).status_code == 404


def test_a_note_on_a_task(client, admin_headers):
    task = _task(client, admin_headers).get_json()
    response = _note(
        client, admin_headers, body="Waiting for the PO", related_type="task", related_id=task["id"]
    )
    assert response.status_code == 201
    missing = _note(
        client, admin_headers, body="x", related_type="task", related_id=str(uuid.uuid4())
    )
    assert missing.status_code == 422


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": "", "related_type": "lead", "related_id": str(uuid.uuid4())}, "body"),
        ({"body": "x"}, "related_type"),
        ({"body": "x", "related_type": "lead"}, "related_id"),
        ({"body": "x", "parent_id": str(uuid.uuid4())}, "parent_id"),
    ],
)
def test_invalid_notes_answer_422(client, admin_headers, body, field):
    response = _note(client, admin_headers, **body)
    assert response.status_code == 422, response.get_json()
    assert field in [e["field"] for e in response.get_json()["errors"]]


def test_a_peers_note_and_its_history_are_404_and_read_only_is_403(client, team):
    north, south = team.headers(team.north), team.headers(team.south)
    note = _note(
        client, north, body="private", related_type="lead", related_id=str(uuid.uuid4())
    ).get_json()
    url = f"{API}/notes/{note['id']}"
    assert client.get(url, headers=south).status_code == 404
    assert client.get(f"{url}/history", headers=south).status_code == 404
    assert client.patch(url, json={"body": "x"}, headers=south).status_code == 404
    assert _ids(client.get(f"{API}/notes", headers=south)) == []
    reply = _note(client, south, body="me too", parent_id=note["id"])
    assert reply.status_code == 422  # the parent is not visible to them
    team.save(sharing="public_read")
    assert client.patch(url, json={"body": "x"}, headers=south).status_code == 403
    assert client.get(url, headers=north).get_json()["body"] == "private"


def test_the_openapi_document_lists_activities_notes_timeline_and_overview(client):
    paths = client.get(f"{API}/openapi.json").get_json()["paths"]
    for path in (
        "/tasks",
        "/tasks/{task_id}",
        "/tasks/overdue",
        "/events",
        "/events/{event_id}",
        "/notes",
        "/notes/{note_id}",
        "/notes/{note_id}/history",
        "/accounts/{account_id}/timeline",
        "/contacts/{contact_id}/timeline",
        "/accounts/{account_id}/overview",
    ):
        assert f"{API}{path}" in paths or path in paths, path
