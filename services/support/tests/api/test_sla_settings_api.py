"""Calendars and SLA policies over REST: administrators edit, ticket readers read, bad
input is a 422 naming the fields and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

API = "/api/support/v1"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
BERLIN = {
    "name": "Berlin office",
    "time_zone": "Europe/Berlin",
    "hours": {d: [{"start": "09:00", "end": "17:00"}] for d in ("monday", "tuesday", "friday")},
    "holiday_country": "DE",
    "holiday_subdivision": "BE",
    "holidays": ["2026-12-31"],
}


@pytest.fixture
def admin(token_factory: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_factory.admin()}"}


@pytest.fixture
def agent(token_factory: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_factory.issue(perms=['tickets.view'])}"}


def _fields(response: Any) -> set[str]:
    return {e["field"] for e in response.get_json()["errors"]}


def test_an_administrator_creates_a_calendar_and_an_agent_reads_it(client, admin, agent):
    created = client.post(f"{API}/calendars", json=BERLIN, headers=admin)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["hours"]["monday"] == [{"start": "09:00", "end": "17:00"}]
    assert body["hours"]["sunday"] == []
    assert created.headers["Location"] == f"{API}/calendars/{body['id']}"
    listed = client.get(f"{API}/calendars", headers=agent)
    assert [c["id"] for c in listed.get_json()["items"]] == [body["id"]]
    one = client.get(f"{API}/calendars/{body['id']}", headers=agent)
    assert one.status_code == 200 and one.headers["ETag"] == '"1"'


def test_an_agent_may_not_change_calendars(client, agent):
    # 403 before the body is read: the invalid body is never described.
    assert client.post(f"{API}/calendars", json={"x": 1}, headers=agent).status_code == 403


def test_a_bad_calendar_is_a_422_naming_every_field_and_writes_nothing(client, admin):
    bad = {
        **BERLIN,
        "time_zone": "Mars/Olympus",
        "holiday_country": "XX",
        "hours": {
            "monday": [{"start": "09:00", "end": "12:00"}, {"start": "11:00", "end": "17:00"}],
            "tuesday": [{"start": "17:00", "end": "09:00"}],
            "wednesday": [{"start": "25:00", "end": "26:00"}],
        },
    }
    response = client.post(f"{API}/calendars", json=bad, headers=admin)
    assert response.status_code == 422
    assert _fields(response) >= {
        "time_zone",
        "holiday_country",
        "hours.monday[1].start",
        "hours.tuesday[0].end",
        "hours.wednesday[0].start",
    }
    assert client.get(f"{API}/calendars", headers=admin).get_json()["items"] == []


def test_a_calendar_without_hours_is_refused(client, admin):
    response = client.post(f"{API}/calendars", json={**BERLIN, "hours": {}}, headers=admin)
    assert response.status_code == 422 and _fields(response) == {"hours"}


def test_a_calendar_is_corrected_with_if_match(client, admin):
    cal = client.post(f"{API}/calendars", json=BERLIN, headers=admin).get_json()
    url = f"{API}/calendars/{cal['id']}"
    stale = client.patch(url, json={"name": "x"}, headers={**admin, "If-Match": '"7"'})
    assert stale.status_code == 412
    fixed = client.patch(url, json={"time_zone": "America/New_York"}, headers=admin)
    assert fixed.status_code == 200
    assert (fixed.get_json()["time_zone"], fixed.get_json()["version"]) == ("America/New_York", 2)


def test_policies_need_a_calendar_and_one_per_priority(client, admin, agent):
    cal = client.post(f"{API}/calendars", json=BERLIN, headers=admin).get_json()
    policy = {
        "name": "Urgent",
        "priority": "Urgent",
        "calendar_id": cal["id"],
        "first_response_minutes": 30,
        "next_response_minutes": 60,
        "resolution_minutes": 480,
    }
    created = client.post(f"{API}/sla-policies", json=policy, headers=admin)
    assert created.status_code == 201, created.get_json()
    again = client.post(f"{API}/sla-policies", json={**policy, "name": "2"}, headers=admin)
    assert again.status_code == 409
    unknown = client.post(
        f"{API}/sla-policies",
        json={**policy, "priority": "High", "calendar_id": created.get_json()["id"]},
        headers=admin,
    )
    assert unknown.status_code == 422 and _fields(unknown) == {"calendar_id"}
    bad = {**policy, "priority": "Soon", "first_response_minutes": 0}
    response = client.post(f"{API}/sla-policies", json=bad, headers=admin)
    assert _fields(response) == {"priority", "first_response_minutes"}
    listed = client.get(f"{API}/sla-policies", headers=agent).get_json()["items"]
    assert [p["name"] for p in listed] == ["Urgent"]


def test_the_sla_of_an_unknown_ticket_is_404(client, agent):
    response = client.get(f"{API}/tickets/{'0' * 8}-0000-0000-0000-{'0' * 12}/sla", headers=agent)
    assert response.status_code == 404


def test_every_ticket_answer_shows_its_sla(client, admin, ticket):
    always = {d: [{"start": "00:00", "end": "24:00"}] for d in DAYS}
    cal = client.post(
        f"{API}/calendars", json={**BERLIN, "time_zone": "UTC", "hours": always}, headers=admin
    ).get_json()
    policy = {"name": "High", "priority": "High", "calendar_id": cal["id"]}
    client.post(
        f"{API}/sla-policies",
        json={**policy, "first_response_minutes": 30, "resolution_minutes": 240},
        headers=admin,
    )
    opened = ticket(priority="High")
    targets = {t["target"]: t for t in opened["sla"]["targets"]}
    assert set(targets) == {"first_response", "resolution"}
    assert targets["first_response"]["remaining_minutes"] in (29, 30)
    assert opened["sla"]["policy_name"] == "High"
    one = client.get(f"{API}/tickets/{opened['id']}/sla", headers=admin).get_json()
    assert [t["target"] for t in one["targets"]] == ["first_response", "resolution"]
    listed = client.get(f"{API}/tickets", headers=admin).get_json()["items"]
    assert listed[0]["sla"]["targets"][0]["due_at"] == targets["first_response"]["due_at"]
    other = ticket(priority="Low")
    assert other["sla"]["targets"] == [] and other["sla"]["policy_id"] is None


def test_a_calendar_in_use_is_not_deleted_and_a_policy_is(client, admin):
    cal = client.post(f"{API}/calendars", json=BERLIN, headers=admin).get_json()
    body = {"name": "Low", "priority": "Low", "calendar_id": cal["id"], "resolution_minutes": 60}
    policy = client.post(f"{API}/sla-policies", json=body, headers=admin).get_json()
    refused = client.delete(f"{API}/calendars/{cal['id']}", headers=admin)
    assert refused.status_code == 409 and refused.get_json()["policies"] == ["Low"]
    assert client.delete(f"{API}/sla-policies/{policy['id']}", headers=admin).status_code == 204
    assert client.get(f"{API}/sla-policies/{policy['id']}", headers=admin).status_code == 404
    assert client.delete(f"{API}/calendars/{cal['id']}", headers=admin).status_code == 204
    assert client.delete(f"{API}/calendars/{cal['id']}", headers=admin).status_code == 404


def test_portal_users_never_see_sla_targets(client, admin, ticket, portal, references):
    account = references.account()
    contact = references.contact(account)
    cal = client.post(f"{API}/calendars", json=BERLIN, headers=admin).get_json()
    policy = {"name": "N", "priority": "Normal", "calendar_id": cal["id"]}
    client.post(f"{API}/sla-policies", json={**policy, "resolution_minutes": 60}, headers=admin)
    customer = portal(account, contact)
    opened = client.post(f"{API}/tickets", json={"title": "Help"}, headers=customer)
    assert opened.status_code == 201, opened.get_json()
    assert "sla" not in opened.get_json()
    got = client.get(f"{API}/tickets/{opened.get_json()['id']}", headers=customer).get_json()
    assert "sla" not in got
    for path in (f"tickets/{got['id']}/sla", "calendars", "sla-policies"):
        assert client.get(f"{API}/{path}", headers=customer).status_code == 403
    staff = client.get(f"{API}/tickets/{opened.get_json()['id']}", headers=admin).get_json()
    assert staff["sla"]["targets"][0]["target"] == "resolution"
