"""Mailing lists and segments over REST: validated members, idempotent adds, 422 filters,
previews with the caller's token."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from crm_access import token_verifier
from crm_marketing.adapters.audience_memory import MemoryPeople, contact_person, lead_person
from crm_marketing.api.app import build_app
from crm_marketing.bootstrap import Marketing, bootstrap

API = "/api/marketing/v1"
PERMS = ["campaigns.view", "campaigns.create", "campaigns.edit", "campaigns.delete"]


@pytest.fixture
def people() -> MemoryPeople:
    return MemoryPeople()


@pytest.fixture
def service(settings: Any, people: MemoryPeople) -> Iterator[Marketing]:
    app = bootstrap(settings, people=people)
    yield app
    app.db.dispose()


@pytest.fixture
def client(service: Marketing, settings: Any) -> Any:
    return build_app(service, token_verifier(settings, service.access.store)).test_client()


@pytest.fixture
def user(token_factory: Any) -> dict[str, str]:
    token = token_factory.issue(str(uuid.uuid4()), perms=[*PERMS, "contacts.view", "leads.view"])
    return {"Authorization": f"Bearer {token}"}


def _post(client, path, body, headers, status=201):
    response = client.post(f"{API}{path}", json=body, headers=headers)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_members_are_validated_added_once_listed_and_removed(client, user, people):
    ada, grace = contact_person(), lead_person()
    people.add(ada, grace)
    made = _post(client, "/mailing-lists", {"name": "Newsletter"}, user)
    path = f"/mailing-lists/{made['id']}/members"
    body = {"contact_ids": [str(ada.id)], "lead_ids": [str(grace.id)]}
    assert _post(client, path, body, user, 200) == {"added": 2, "already": 0}
    assert _post(client, path, body, user, 200) == {"added": 0, "already": 2}
    listed = client.get(f"{API}{path}?kind=lead", headers=user).get_json()
    assert [(m["kind"], m["id"]) for m in listed["items"]] == [("lead", str(grace.id))]
    gone = client.delete(f"{API}{path}/lead/{grace.id}", headers=user)
    assert gone.status_code == 204
    assert client.delete(f"{API}{path}/lead/{grace.id}", headers=user).status_code == 404


def test_an_invisible_member_is_a_422_naming_it_and_nothing_is_added(client, user, people):
    ada = contact_person()
    people.add(ada)
    made = _post(client, "/mailing-lists", {"name": "L"}, user)
    stranger = uuid.uuid4()
    path = f"/mailing-lists/{made['id']}/members"
    body = {"contact_ids": [str(ada.id), str(stranger)]}
    errors = _post(client, path, body, user, 422)["errors"]
    assert errors == [{"field": "contact_ids", "message": f"not found or not visible: {stranger}"}]
    assert client.get(f"{API}{path}", headers=user).get_json()["items"] == []
    assert _post(client, path, {}, user, 422)["errors"][0]["field"] == "contact_ids"


def test_list_preview_counts_consent_as_at_send_time(client, user, people):
    ok, out = contact_person("ok@x.org"), contact_person("no@x.org", email_opt_out=True)
    people.add(ok, out)
    made = _post(client, "/mailing-lists", {"name": "L"}, user)
    ids = {"contact_ids": [str(ok.id), str(out.id)]}
    _post(client, f"/mailing-lists/{made['id']}/members", ids, user, 200)
    preview = client.get(f"{API}/mailing-lists/{made['id']}/preview?limit=1", headers=user)
    body = preview.get_json()
    assert (body["total"], body["mailable"], body["skipped"]) == (2, 1, {"email_opt_out": 1})
    assert len(body["items"]) == 1


def test_a_segment_with_a_bad_filter_is_a_422_naming_the_field(client, user):
    body = {"name": "S", "record_types": "contacts", "filter": {"lead_statuses": ["Hot"], "x": 1}}
    errors = _post(client, "/segments", body, user, 422)["errors"]
    assert {e["field"] for e in errors} == {"filter.lead_statuses", "filter.x"}
    assert client.get(f"{API}/segments", headers=user).get_json()["items"] == []


def test_a_segment_is_saved_changed_and_previewed_with_the_callers_token(client, user, people):
    people.add(*[lead_person(f"l{n}@x.org") for n in range(3)])
    body = {"name": "Hot", "record_types": "leads", "filter": {"lead_statuses": ["Hot"]}}
    made = _post(client, "/segments", body, user)
    assert made["filter"] == {"lead_statuses": ["Hot"]}
    url = f"{API}/segments/{made['id']}"
    changed = client.patch(
        url, json={"filter": {"tags": ["vip"]}}, headers={**user, "If-Match": '"1"'}
    )
    assert changed.status_code == 200 and changed.get_json()["version"] == 2
    preview = client.get(f"{url}/preview?limit=2", headers=user).get_json()
    assert (preview["total"], preview["mailable"], len(preview["items"])) == (3, 3, 2)
    kind, criteria, _, token = people.calls[-1][1]
    assert (kind, criteria, token) == ("lead", {"tags": ["vip"]}, user["Authorization"][7:])


def test_a_segment_preview_needs_view_on_the_records_it_reads(client, token_factory):
    writer = {"Authorization": f"Bearer {token_factory.issue(perms=[*PERMS, 'leads.view'])}"}
    made = _post(client, "/segments", {"name": "All", "record_types": "both"}, writer)
    response = client.get(f"{API}/segments/{made['id']}/preview", headers=writer)
    assert response.status_code == 403


def test_without_campaign_rights_lists_and_segments_are_forbidden_first(client, token_factory):
    headers = {"Authorization": f"Bearer {token_factory.issue(perms=['contacts.view'])}"}
    for path in ("/mailing-lists", "/segments"):
        assert client.post(f"{API}{path}", json={"bad": 1}, headers=headers).status_code == 403
        assert client.get(f"{API}{path}", headers=headers).status_code == 403
