"""Templates over REST: 422 with the line at save, If-Match, preview for a record."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from crm_access import token_verifier
from crm_marketing.adapters.audience_memory import MemoryPeople as FakePeople
from crm_marketing.adapters.audience_memory import contact_person as contact
from crm_marketing.adapters.audience_memory import lead_person as lead
from crm_marketing.api.app import build_app
from crm_marketing.bootstrap import Marketing, bootstrap

API = "/api/marketing/v1"
WRITER = ["campaigns.view", "campaigns.create", "campaigns.edit", "campaigns.delete"]
BODY = {
    "name": "Welcome",
    "subject": "Hello {{ contact.first_name }}",
    "html": "<p>Dear {{ contact.first_name }} ({{ lead.company }})</p>",
}


@pytest.fixture
def people() -> FakePeople:
    return FakePeople()


@pytest.fixture
def service(settings: Any, people: FakePeople) -> Iterator[Marketing]:
    app = bootstrap(settings, people=people)
    yield app
    app.db.dispose()


@pytest.fixture
def client(service: Marketing, settings: Any) -> Any:
    return build_app(service, token_verifier(settings, service.access.store)).test_client()


def _headers(token_factory: Any, perms: list[str], **extra: Any) -> dict[str, str]:
    token = token_factory.issue(str(uuid.uuid4()), perms=perms, **extra)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def writer(token_factory: Any) -> dict[str, str]:
    perms = [*WRITER, "contacts.view", "leads.view"]
    return _headers(token_factory, perms, name="Sam Sender", email="sam@example.com")


def _create(client: Any, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    response = client.post(f"{API}/templates", json={**BODY, **fields}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_template_is_created_read_listed_and_deleted(client, writer):
    made = _create(client, writer)
    assert client.get(f"{API}/templates/{made['id']}", headers=writer).get_json() == made
    listed = client.get(f"{API}/templates?q=welc", headers=writer).get_json()
    assert [t["id"] for t in listed["items"]] == [made["id"]]
    assert client.delete(f"{API}/templates/{made['id']}", headers=writer).status_code == 204
    assert client.get(f"{API}/templates/{made['id']}", headers=writer).status_code == 404


def test_an_unknown_field_is_a_422_naming_the_part_and_line_and_nothing_is_saved(client, writer):
    response = client.post(
        f"{API}/templates", json={**BODY, "html": "<p>\n{{ contact.shoe }}</p>"}, headers=writer
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == [
        {"field": "html", "message": "line 2: unknown field 'contact.shoe'"}
    ]
    assert client.get(f"{API}/templates", headers=writer).get_json()["items"] == []


def test_a_sandbox_escape_is_refused_on_change_and_the_template_is_unchanged(client, writer):
    made = _create(client, writer)
    url = f"{API}/templates/{made['id']}"
    bad = client.patch(url, json={"html": "{{ contact.__class__ }}"}, headers=writer)
    assert bad.status_code == 422
    assert client.get(url, headers=writer).get_json()["html"] == BODY["html"]
    stale = client.patch(url, json={"name": "x"}, headers={**writer, "If-Match": '"7"'})
    assert stale.status_code == 412


def test_preview_renders_for_a_contact_with_the_callers_token(client, writer, people):
    ada = contact()
    people.add(ada)
    made = _create(client, writer, html="<p>{{ contact.first_name }} from {{ sender.name }}</p>")
    response = client.post(
        f"{API}/templates/{made['id']}/preview", json={"contact_id": str(ada.id)}, headers=writer
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {
        "subject": "Hello Ada",
        "html": "<p>Ada from Sam Sender</p>",
        "text": "Ada from Sam Sender\n",
    }
    kind, count, token = people.calls[-1][1]
    assert (kind, count) == ("contact", 1) and token == writer["Authorization"][7:]


def test_preview_for_a_lead_fills_lead_fields_and_leaves_contact_fields_empty(
    client, writer, people
):
    grace = lead()
    people.add(grace)
    made = _create(client, writer)
    response = client.post(
        f"{API}/templates/{made['id']}/preview", json={"lead_id": str(grace.id)}, headers=writer
    )
    assert response.get_json()["html"] == "<p>Dear  (Navy)</p>"


def test_preview_needs_exactly_one_visible_record(client, writer):
    made = _create(client, writer)
    url = f"{API}/templates/{made['id']}/preview"
    assert client.post(url, json={}, headers=writer).status_code == 422
    missing = client.post(url, json={"contact_id": str(uuid.uuid4())}, headers=writer)
    assert missing.status_code == 404


def test_without_campaign_rights_templates_are_forbidden_before_validation(client, token_factory):
    headers = _headers(token_factory, ["contacts.view"])
    assert client.post(f"{API}/templates", json={"x": 1}, headers=headers).status_code == 403
    assert client.get(f"{API}/templates", headers=headers).status_code == 403


def test_preview_of_a_lead_needs_lead_view(client, writer, token_factory, people):
    grace = lead()
    people.add(grace)
    made = _create(client, writer)
    headers = _headers(token_factory, ["campaigns.view", "contacts.view"])
    response = client.post(
        f"{API}/templates/{made['id']}/preview", json={"lead_id": str(grace.id)}, headers=headers
    )
    assert response.status_code == 403
