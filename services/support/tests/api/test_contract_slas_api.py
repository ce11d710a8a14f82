"""A service contract grants its SLA policy (h/sla's ContractSlas port), and the statistics
count business minutes on the ticket's SLA calendar."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from crm_support.domain.contract_commands import RecordTicketFacts

API = "/api/support/v1"
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)  # a Monday
NINE_TO_FIVE = {
    "name": "Office",
    "time_zone": "UTC",
    "hours": {d: [{"start": "09:00", "end": "17:00"}] for d in ("monday", "tuesday")},
    "holidays": [],
}


def _policy(api, admin, **fields):
    calendar = api.post(f"{API}/calendars", json=NINE_TO_FIVE, headers=admin).get_json()
    body = {"name": "Gold", "calendar_id": calendar["id"], "resolution_minutes": 240, **fields}
    created = api.post(f"{API}/sla-policies", json=body, headers=admin)
    assert created.status_code == 201, created.get_json()
    return created.get_json()["id"]


def _contract(api, admin, account, **fields):
    body = {
        "account_id": str(account),
        "subject": "Gold",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        **fields,
    }
    return api.post(f"{API}/service-contracts", json=body, headers=admin)


def test_the_contract_in_force_grants_its_policy(api, svc, admin):
    policy = _policy(api, admin)
    account = uuid.uuid4()
    created = _contract(api, admin, account, sla_policy_id=policy)
    assert created.status_code == 201, created.get_json()
    assert str(svc.contracts.policy_for(account, NOW)) == policy
    assert svc.contracts.policy_for(account, NOW.replace(year=2027)) is None
    assert svc.contracts.policy_for(uuid.uuid4(), NOW) is None
    url = f"{API}/service-contracts/{created.get_json()['id']}"
    assert api.post(f"{url}/cancel", headers=admin).status_code == 200
    assert svc.contracts.policy_for(account, NOW) is None


def test_an_unknown_policy_is_422_and_nothing_is_written(api, admin):
    refused = _contract(api, admin, uuid.uuid4(), sla_policy_id=str(uuid.uuid4()))
    assert refused.status_code == 422
    assert [e["field"] for e in refused.get_json()["errors"]] == ["sla_policy_id"]
    assert api.get(f"{API}/service-contracts", headers=admin).get_json()["items"] == []


def test_facts_count_business_minutes_of_the_contracts_calendar(api, svc, admin, add_ticket):
    account = uuid.uuid4()
    _contract(api, admin, account, sla_policy_id=_policy(api, admin))
    # Opened Monday 16:00, closed Tuesday 10:00: 60 + 60 business minutes, 18 wall hours.
    opened = NOW.replace(hour=16)
    add_ticket(
        account_id=account,
        status="Closed",
        created_at=opened,
        closed_at=opened + timedelta(hours=18),
    )
    assert svc.run(RecordTicketFacts()) == 1
    span = "from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&group_by=period"
    rows = api.get(f"{API}/reports/performance?{span}", headers=admin).get_json()["rows"]
    assert rows[0]["resolution"]["average_minutes"] == "120.0"
    # Within the policy's 240 business minutes: the SLA was met.
    assert rows[0]["sla_breach_rate"] == "0.0000"


def test_a_ticket_past_its_resolution_target_counts_as_breached(api, svc, admin, add_ticket):
    account = uuid.uuid4()
    _contract(api, admin, account, sla_policy_id=_policy(api, admin, resolution_minutes=60))
    opened = NOW.replace(hour=16)
    add_ticket(
        account_id=account,
        status="Closed",
        created_at=opened,
        closed_at=opened + timedelta(hours=18),
    )
    assert svc.run(RecordTicketFacts()) == 1
    span = "from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&group_by=period"
    rows = api.get(f"{API}/reports/performance?{span}", headers=admin).get_json()["rows"]
    assert rows[0]["sla_breach_rate"] == "1.0000"
