"""Tasks through the REST API: shapes, rules, lists, access, errors."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

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
    # A done task is final: reopening it takes a reason (the task state machine).
    refused = client.patch(url, json={"status": "Open"}, headers=admin_headers)
    assert refused.status_code == 422, refused.get_json()
    assert refused.get_json()["errors"][0]["field"] == "reason"
    body = {"status": "Open", "reason": "the customer called back"}
    again = client.patch(url, json=body, headers=admin_headers).get_json()
    assert again["completed_at"] is None and again["is_open"]


def test_a_done_task_moves_only_by_reopening_409_names_the_allowed_next(client, admin_headers):
    url = _task(client, admin_headers, status="Closed").headers["Location"]
    refused = client.patch(url, json={"status": "Completed"}, headers=admin_headers)
    assert refused.status_code == 409, refused.get_json()
    problem = refused.get_json()
    assert problem["current_status"] == "Closed" and problem["allowed_next"] == []
    planned = client.patch(url, json={"status": "Planned", "reason": "x"}, headers=admin_headers)
    assert planned.status_code == 409
    url = _task(client, admin_headers).headers["Location"]
    for status in ("In Progress", "Deferred", "Completed"):
        ok = client.patch(url, json={"status": status}, headers=admin_headers)
        assert ok.status_code == 200, ok.get_json()


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
