"""Tasks, calls/meetings and notes through the REST API: shapes, rules, access, errors."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from crm_access.model import PolicySnapshot

API = "/api/contacts/v1"
MODULES = ("tasks", "events", "notes", "accounts", "contacts")


class Team:
    """A manager over two reps; a group with the first rep. Private sharing by default."""

    def __init__(self, service, add_owner, tokens):
        self.service, self.tokens, self.version = service, tokens, 0
        self.manager, self.north, self.south = (add_owner().id for _ in range(3))
        self.group = uuid.uuid4()

    def headers(self, user):
        return {"Authorization": f"Bearer {self.tokens.issue(str(user))}"}

    def save(
        self, *, sharing="private", actions=("view", "create", "edit", "delete"), task_fields=None
    ):
        self.version += 1
        snapshot = PolicySnapshot.from_dict(
            {
                "version": self.version,
                "users": [
                    {"id": str(self.manager), "role_id": "manager"},
                    {"id": str(self.north), "role_id": "rep"},
                    {"id": str(self.south), "role_id": "rep2"},
                ],
                "roles": [
                    {"id": "manager", "name": "Manager", "profile_ids": ["p"]},
                    {"id": "rep", "name": "Rep", "parent_id": "manager", "profile_ids": ["p"]},
                    {"id": "rep2", "name": "Rep 2", "parent_id": "manager", "profile_ids": ["p"]},
                ],
                "profiles": [
                    {
                        "id": "p",
                        "name": "Sales",
                        "modules": {m: list(actions) for m in MODULES},
                        "fields": {"tasks": task_fields or {}},
                    }
                ],
                "groups": [{"id": str(self.group), "name": "Desk", "user_ids": [str(self.north)]}],
                "sharing_defaults": {m: sharing for m in MODULES},
            }
        )
        self.service.access.store.save(snapshot)


@pytest.fixture
def team(service, add_owner, tokens):
    t = Team(service, add_owner, tokens)
    t.save()
    return t


def _task(client, headers, **fields):
    response = client.post(f"{API}/tasks", json={"title": "Call back", **fields}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response


def _ids(response):
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


# -- tasks -----------------------------------------------------------------------------------


def test_creating_a_task_answers_201_with_location_etag_and_defaults(client, admin_headers, owner):
    response = _task(
        client,
        admin_headers,
        due_date="2030-01-02",
        related_type="lead",
        related_id=str(uuid.uuid4()),
        reminder_at="2030-01-02T08:00:00Z",
    )
    body = response.get_json()
    assert response.headers["Location"] == f"{API}/tasks/{body['id']}"
    assert response.headers["ETag"] == '"1"'
    assert body["priority"] == "Medium" and body["status"] == "Open"
    assert body["owner_id"] == str(owner.id) and body["is_open"] and not body["overdue"]
    assert body["due_date"] == "2030-01-02" and body["related_type"] == "lead"
    got = client.get(response.headers["Location"], headers=admin_headers)
    assert got.status_code == 200 and got.get_json() == body


def test_a_due_date_may_be_sent_as_a_full_time(client, admin_headers):
    body = _task(client, admin_headers, due_date="2030-01-02T23:30:00-02:00").get_json()
    assert body["due_date"] == "2030-01-03"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x", "priority": "Urgent"}, "priority"),
        ({"title": "x", "status": "Done"}, "status"),
        ({"title": "x", "related_type": "lead"}, "related_id"),
        ({"title": "x", "related_type": "planet", "related_id": str(uuid.uuid4())}, "related_type"),
        ({"title": "x", "due_date": "tomorrow"}, "due_date"),
        ({"title": "x", "reminder_at": "2030-01-01T10:00:00"}, "reminder_at"),
        ({"title": "x", "colour": "red"}, "colour"),
        ({"title": "x", "owner_id": str(uuid.uuid4())}, "owner_id"),
    ],
)
def test_invalid_task_fields_answer_422_naming_the_field(client, admin_headers, body, field):
    response = client.post(f"{API}/tasks", json=body, headers=admin_headers)
    assert response.status_code == 422, response.get_json()
    assert response.content_type == "application/problem+json"
    assert field in [e["field"] for e in response.get_json()["errors"]]
    assert _ids(client.get(f"{API}/tasks", headers=admin_headers)) == []


def test_a_task_related_to_a_missing_account_is_refused(client, admin_headers):
    response = client.post(
        f"{API}/tasks",
        headers=admin_headers,
        json={"title": "x", "related_type": "account", "related_id": str(uuid.uuid4())},
    )
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "related_id"


def test_patch_with_a_stale_if_match_is_412_and_changes_nothing(client, admin_headers):
    url = _task(client, admin_headers).headers["Location"]
    ok = client.patch(
        url, json={"status": "In Progress"}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert ok.status_code == 200 and ok.headers["ETag"] == '"2"'
    stale = client.patch(
        url, json={"status": "Completed"}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert stale.content_type == "application/problem+json"
    assert client.get(url, headers=admin_headers).get_json()["status"] == "In Progress"
    assert client.delete(url, headers={**admin_headers, "If-Match": '"1"'}).status_code == 412
    assert client.delete(url, headers={**admin_headers, "If-Match": '"2"'}).status_code == 204
    assert client.get(url, headers=admin_headers).status_code == 404


def test_completing_a_task_stamps_it_and_reopening_clears_it(client, admin_headers):
    url = _task(client, admin_headers).headers["Location"]
    done = client.patch(url, json={"status": "Completed"}, headers=admin_headers).get_json()
    assert done["completed_at"] is not None and not done["is_open"]
    again = client.patch(url, json={"status": "Open"}, headers=admin_headers).get_json()
    assert again["completed_at"] is None and again["is_open"]


def test_my_open_tasks_and_the_overdue_list(client, team):
    north, south = team.headers(team.north), team.headers(team.south)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    late = _task(client, north, title="late", due_date=yesterday).get_json()
    soon = _task(client, north, title="soon", due_date=tomorrow).get_json()
    done = _task(client, north, title="done", due_date=yesterday, status="Completed").get_json()
    group = _task(client, north, title="desk", owner_id=str(team.group)).get_json()
    other = _task(client, south, title="not mine").get_json()

    mine = _ids(client.get(f"{API}/tasks?mine=true&open=true", headers=north))
    assert mine == [late["id"], soon["id"], group["id"]]  # by due date, undated last
    assert late["overdue"] and not soon["overdue"] and not done["overdue"]
    assert _ids(client.get(f"{API}/tasks/overdue", headers=north)) == [late["id"]]
    assert _ids(client.get(f"{API}/tasks?overdue=true", headers=north)) == [late["id"]]
    due = _ids(client.get(f"{API}/tasks?due_before={date.today().isoformat()}", headers=north))
    assert set(due) == {late["id"], done["id"]}
    assert _ids(client.get(f"{API}/tasks?status=Completed", headers=north)) == [done["id"]]
    # The manager sees the reps' tasks (role hierarchy) but "mine" is only their own.
    manager = team.headers(team.manager)
    assert other["id"] in _ids(client.get(f"{API}/tasks", headers=manager))
    assert _ids(client.get(f"{API}/tasks?mine=true", headers=manager)) == []


def test_lists_page_by_cursor_without_repeats(client, admin_headers):
    made = {_task(client, admin_headers, title=f"t{i}").get_json()["id"] for i in range(5)}
    seen, cursor = [], None
    while True:
        url = f"{API}/tasks?limit=2&sort=-created_at" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url, headers=admin_headers).get_json()
        seen += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 5 and set(seen) == made
    assert client.get(f"{API}/tasks?cursor=garbage", headers=admin_headers).status_code == 400
    assert client.get(f"{API}/tasks?sort=colour", headers=admin_headers).status_code == 400


def test_a_peers_task_is_404_everywhere_and_a_read_only_one_is_403(client, team):
    north, south = team.headers(team.north), team.headers(team.south)
    task = _task(client, north, title="secret").get_json()
    url = f"{API}/tasks/{task['id']}"
    for response in (
        client.get(url, headers=south),
        client.patch(url, json={"title": "mine now"}, headers=south),
        client.delete(url, headers=south),
    ):
        assert response.status_code == 404
        assert response.content_type == "application/problem+json"
    assert _ids(client.get(f"{API}/tasks", headers=south)) == []
    team.save(sharing="public_read")
    assert client.get(url, headers=south).status_code == 200
    assert client.patch(url, json={"title": "x"}, headers=south).status_code == 403
    assert client.delete(url, headers=south).status_code == 403
    assert client.get(url, headers=north).get_json()["title"] == "secret"


def test_module_access_and_field_access_apply_to_tasks(client, team):
    team.save(actions=("view",), task_fields={"description": "hidden", "priority": "read_only"})
    north = team.headers(team.north)
    assert client.post(f"{API}/tasks", json={"title": "x"}, headers=north).status_code == 403
    team.save(task_fields={"description": "hidden", "priority": "read_only"})
    refused = client.post(f"{API}/tasks", json={"title": "x", "priority": "High"}, headers=north)
    assert refused.status_code == 403
    assert refused.get_json()["errors"][0]["field"] == "priority"
    body = _task(client, north).get_json()
    assert "description" not in body and "priority" in body
    listed = client.get(f"{API}/tasks", headers=north).get_json()["items"][0]
    assert "description" not in listed


def test_a_task_can_be_assigned_to_a_group_its_members_then_see(client, team):
    task = _task(client, team.headers(team.manager), owner_id=str(team.group)).get_json()
    url = f"{API}/tasks/{task['id']}"
    assert client.get(url, headers=team.headers(team.north)).status_code == 200
    assert client.get(url, headers=team.headers(team.south)).status_code == 404


def test_malformed_ids_and_bodies_are_client_errors(client, admin_headers):
    assert client.get(f"{API}/tasks/not-a-uuid", headers=admin_headers).status_code == 400
    response = client.post(
        f"{API}/tasks", data="{", headers={**admin_headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert (
        client.post(
            f"{API}/tasks", data="x", headers={**admin_headers, "Content-Type": "text/plain"}
        ).status_code
        == 415
    )
    assert client.get(f"{API}/tasks").status_code == 401


# -- calls and meetings ----------------------------------------------------------------------


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


# -- notes -----------------------------------------------------------------------------------


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


def test_reminders_that_are_due_are_listed(client, admin_headers):
    past = _task(client, admin_headers, title="ring", reminder_at="2020-01-01T09:00:00Z")
    _task(client, admin_headers, title="later", reminder_at="2099-01-01T09:00:00Z")
    _task(client, admin_headers, title="none")
    done = _task(
        client, admin_headers, title="done", status="Closed", reminder_at="2020-01-01T09:00:00Z"
    )
    due = _ids(client.get(f"{API}/tasks?reminder_due=true", headers=admin_headers))
    assert due == [past.get_json()["id"]] and done.get_json()["id"] not in due


def test_deleting_a_task_takes_its_notes_along(client, admin_headers):
    task = _task(client, admin_headers).get_json()
    note = _note(
        client, admin_headers, body="first", related_type="task", related_id=task["id"]
    ).get_json()
    _note(client, admin_headers, body="reply", parent_id=note["id"])
    assert client.delete(f"{API}/tasks/{task['id']}", headers=admin_headers).status_code == 204
    assert client.get(f"{API}/notes/{note['id']}", headers=admin_headers).status_code == 404
    assert (
        _ids(
            client.get(
                f"{API}/notes?related_type=task&related_id={task['id']}", headers=admin_headers
            )
        )
        == []
    )
