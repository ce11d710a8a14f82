"""Feedback over REST: the signed link (no login) answers once, the portal user of the
ticket's account answers its own, the summary per agent and period."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

API = "/api/support/v1"
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def _closed(add_ticket, **values):
    return add_ticket(status="Closed", closed_at=NOW - timedelta(hours=1), **values)


def _link(api, admin, ticket_id):
    answer = api.get(f"{API}/tickets/{ticket_id}/survey-link", headers=admin)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_the_link_answers_once_without_login(api, admin, add_ticket, event_types, svc):
    agent = uuid.uuid4()
    ticket = _closed(add_ticket, owner_id=agent, owner_kind="user")
    link = _link(api, admin, ticket)
    assert link["url"].startswith("http://localhost:8080/api/support/v1/feedback/")
    url = f"{API}/feedback/{link['token']}"
    survey = api.get(url)
    assert survey.status_code == 200
    assert survey.get_json()["answered"] is False
    given = api.post(url, json={"score": 4, "comment": "Quick, thanks"})
    assert given.status_code == 201, given.get_json()
    assert given.get_json()["score"] == 4
    again = api.post(url, json={"score": 1})
    assert again.status_code == 409
    assert again.content_type == "application/problem+json"
    assert api.get(url).get_json()["answered"] is True
    stored = api.get(f"{API}/tickets/{ticket}/feedback", headers=admin).get_json()
    assert (stored["score"], stored["comment"]) == (4, "Quick, thanks")
    assert event_types() == ["support.feedback.received.v1"]


def test_bad_links_and_bad_scores_change_nothing(api, admin, add_ticket, event_types):
    ticket = _closed(add_ticket)
    token = _link(api, admin, ticket)["token"]
    assert api.get(f"{API}/feedback/{token[:-2]}xx").status_code == 404
    assert api.post(f"{API}/feedback/forged.token.here", json={"score": 5}).status_code == 404
    for body, field in (({"score": 9}, "score"), ({"score": 3, "x": 1}, "x"), ({}, "score")):
        refused = api.post(f"{API}/feedback/{token}", json=body)
        assert refused.status_code == 422
        assert field in [e["field"] for e in refused.get_json()["errors"]]
    open_ticket = add_ticket(status="Open")
    token = _link(api, admin, open_ticket)["token"]
    assert api.post(f"{API}/feedback/{token}", json={"score": 5}).status_code == 409
    assert event_types() == []


def test_an_expired_link_is_404(api, admin, add_ticket, svc, monkeypatch):
    ticket = _closed(add_ticket)
    token = _link(api, admin, ticket)["token"]
    monkeypatch.setattr(svc.survey_links, "_max_age", -1)
    assert api.post(f"{API}/feedback/{token}", json={"score": 5}).status_code == 404


def test_the_portal_user_answers_its_own_accounts_ticket(api, add_ticket, token_factory):
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    ticket = _closed(add_ticket, account_id=mine)

    def portal(account):
        token = token_factory.issue(
            str(uuid.uuid4()),
            typ="portal",
            scope="portal.tickets.read portal.tickets.write",
            account_id=str(account),
        )
        return {"Authorization": f"Bearer {token}"}

    other = api.post(f"{API}/tickets/{ticket}/feedback", json={"score": 2}, headers=portal(theirs))
    assert other.status_code == 404
    own = api.post(f"{API}/tickets/{ticket}/feedback", json={"score": 5}, headers=portal(mine))
    assert own.status_code == 201, own.get_json()
    again = api.post(f"{API}/tickets/{ticket}/feedback", json={"score": 5}, headers=portal(mine))
    assert again.status_code == 409


def test_staff_do_not_answer_for_the_customer(api, admin, add_ticket):
    ticket = _closed(add_ticket)
    refused = api.post(f"{API}/tickets/{ticket}/feedback", json={"score": 5}, headers=admin)
    assert refused.status_code == 403


def test_the_summary_per_agent_and_period(api, admin, add_ticket):
    ann, bob = uuid.uuid4(), uuid.uuid4()
    for owner, score in ((ann, 5), (ann, 3), (bob, 2)):
        ticket = _closed(add_ticket, owner_id=owner, owner_kind="user")
        token = _link(api, admin, ticket)["token"]
        assert api.post(f"{API}/feedback/{token}", json={"score": score}).status_code == 201
    span = "from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z"
    by_agent = api.get(f"{API}/feedback/summary?{span}&group_by=agent", headers=admin)
    assert by_agent.status_code == 200, by_agent.get_json()
    rows = {r["key"]: r for r in by_agent.get_json()["rows"]}
    assert (rows[str(ann)]["answers"], rows[str(ann)]["average"]) == (2, "4.00")
    assert rows[str(bob)]["scores"]["2"] == 1
    by_month = api.get(f"{API}/feedback/summary?{span}", headers=admin).get_json()["rows"]
    assert [(r["key"], r["answers"]) for r in by_month] == [("2026-03", 3)]
    csv = api.get(f"{API}/feedback/summary?{span}&format=csv", headers=admin)
    assert csv.status_code == 200 and csv.content_type.startswith("text/csv")
    assert csv.data.decode().splitlines()[0].startswith("key,answers,average,score_1")
