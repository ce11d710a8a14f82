"""Support statistics over REST: open tickets, backlog, times from the recorded facts,
CSV (format or Accept) with formulas neutralised, record scope and hidden fields."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from crm_support.domain.contract_commands import RecordTicketFacts

API = "/api/support/v1"
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
SPAN = "from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z"


def test_open_tickets_by_priority_status_owner_and_age(api, admin, add_ticket):
    ann = uuid.uuid4()
    add_ticket(priority="High", owner_id=ann, owner_kind="user")
    add_ticket(priority="High", status="In Progress", created_at=NOW - timedelta(days=2))
    add_ticket(priority="Low", created_at=NOW - timedelta(days=40))
    add_ticket(priority="Urgent", status="Closed", closed_at=NOW)
    found = api.get(f"{API}/reports/open-tickets", headers=admin)
    assert found.status_code == 200, found.get_json()
    body = found.get_json()
    assert body["total"] == 3
    assert {c["key"]: c["count"] for c in body["by_priority"]} == {"High": 2, "Low": 1}
    assert {c["key"]: c["count"] for c in body["by_status"]} == {"Open": 2, "In Progress": 1}
    assert {c["key"]: c["count"] for c in body["by_owner"]} == {str(ann): 1, None: 2}
    ages = {c["key"]: c["count"] for c in body["by_age"]}
    assert (ages["0-1d"], ages["1-3d"], ages["30d+"], ages["7-14d"]) == (1, 1, 1, 0)
    backlog = api.get(f"{API}/reports/backlog", headers=admin).get_json()
    rows = {r["priority"]: r for r in backlog["rows"]}
    assert rows["High"]["total"] == 2 and rows["Low"]["buckets"]["30d+"] == 1


def test_csv_by_format_or_accept_with_formulas_neutralised(api, admin, add_ticket):
    add_ticket(priority='=HYPERLINK("http://evil")')
    by_format = api.get(f"{API}/reports/open-tickets?format=csv", headers=admin)
    by_accept = api.get(f"{API}/reports/open-tickets", headers={**admin, "Accept": "text/csv"})
    for answer in (by_format, by_accept):
        assert answer.status_code == 200
        assert answer.content_type.startswith("text/csv")
        text = answer.data.decode()
        assert text.splitlines()[0] == "dimension,key,kind,count"
        assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    assert api.get(f"{API}/reports/open-tickets", headers=admin).is_json


def test_times_come_from_the_facts_recorded_at_close(api, svc, admin, add_ticket):
    ann, bob = uuid.uuid4(), uuid.uuid4()
    for owner, hours in ((ann, 2), (ann, 4), (ann, 9), (bob, 1)):
        add_ticket(
            owner_id=owner,
            owner_kind="user",
            status="Closed",
            created_at=NOW - timedelta(hours=hours),
            closed_at=NOW,
            first_response_at=NOW - timedelta(hours=hours) + timedelta(minutes=30),
        )
    assert svc.run(RecordTicketFacts()) == 4
    assert svc.run(RecordTicketFacts()) == 0
    found = api.get(f"{API}/reports/performance?{SPAN}&group_by=agent", headers=admin)
    assert found.status_code == 200, found.get_json()
    rows = {r["key"]: r for r in found.get_json()["rows"]}
    assert rows[str(ann)]["closed"] == 3
    assert rows[str(ann)]["resolution"] == {
        "count": 3,
        "average_minutes": "300.0",
        "median_minutes": "240.0",
    }
    assert rows[str(ann)]["first_response"]["median_minutes"] == "30.0"
    assert rows[str(bob)]["sla_breach_rate"] is None
    csv = api.get(f"{API}/reports/performance?{SPAN}&group_by=agent&format=csv", headers=admin)
    assert "resolution_median_minutes" in csv.data.decode().splitlines()[0]
    assert api.get(f"{API}/reports/performance?group_by=agent", headers=admin).status_code == 422
    backwards = "from=2027-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"
    refused = api.get(f"{API}/reports/performance?{backwards}", headers=admin)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.get_json()["errors"]] == ["to"]
    bad = api.get(f"{API}/reports/performance?{SPAN}&group_by=nobody", headers=admin)
    assert bad.status_code == 422


def test_reports_respect_record_scope_and_hidden_fields(
    api, add_ticket, save_policy, token_factory
):
    ann, bob = uuid.uuid4(), uuid.uuid4()
    modules = {"tickets": ["view"]}
    save_policy({ann: "agents", bob: "agents"}, modules=modules, sharing={"tickets": "private"})
    add_ticket(owner_id=ann, owner_kind="user", priority="High")
    add_ticket(owner_id=bob, owner_kind="user", priority="Low")
    as_ann = {"Authorization": f"Bearer {token_factory.issue(str(ann))}"}
    body = api.get(f"{API}/reports/open-tickets", headers=as_ann).get_json()
    assert body["total"] == 1
    assert body["by_priority"] == [{"key": "High", "count": 1, "kind": None}]
    save_policy(
        {ann: "agents", bob: "agents"},
        version=2,
        modules=modules,
        sharing={"tickets": "private"},
        fields={"tickets": {"priority": "hidden", "owner_id": "hidden"}},
    )
    body = api.get(f"{API}/reports/open-tickets", headers=as_ann).get_json()
    assert "by_priority" not in body and "by_owner" not in body and body["total"] == 1
    backlog = api.get(f"{API}/reports/backlog", headers=as_ann).get_json()
    assert [r["priority"] for r in backlog["rows"]] == ["*"]
    refused = api.get(f"{API}/reports/performance?{SPAN}&group_by=agent", headers=as_ann)
    assert refused.status_code == 403
    assert [e["field"] for e in refused.get_json()["errors"]] == ["group_by"]
    nobody = {"Authorization": f"Bearer {token_factory.issue(str(uuid.uuid4()))}"}
    assert api.get(f"{API}/reports/open-tickets", headers=nobody).status_code == 403


def test_a_score_reaches_the_facts_whichever_comes_first(api, svc, admin, add_ticket):
    early, late = (
        add_ticket(status="Closed", created_at=NOW - timedelta(hours=2), closed_at=NOW)
        for _ in range(2)
    )

    def answer(ticket, score):
        token = api.get(f"{API}/tickets/{ticket}/survey-link", headers=admin).get_json()["token"]
        assert api.post(f"{API}/feedback/{token}", json={"score": score}).status_code == 201

    answer(early, 5)  # before the facts are recorded
    assert svc.run(RecordTicketFacts()) == 2
    answer(late, 2)  # after
    found = api.get(f"{API}/reports/performance?{SPAN}&group_by=period", headers=admin)
    assert found.get_json()["rows"][0]["satisfaction"] == "3.50"


@pytest.mark.parametrize(
    "span",
    [
        "from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00",
        "from=2026-01-01&to=2026-02-01",
        "from=2026-01-01T00:00:00%2B05:00&to=2026-02-01T00:00:00Z&granularity=week",
    ],
)
def test_moments_with_or_without_an_offset_are_never_a_5xx(api, admin, span):
    # A moment without an offset is read as UTC (comparing it with an aware one was a 500).
    for path in ("reports/performance", "feedback/summary"):
        assert api.get(f"{API}/{path}?{span}", headers=admin).status_code == 200
