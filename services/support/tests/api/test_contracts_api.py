"""Service contracts over REST: numbers, usage from tickets, status by dates and usage,
events once, bad input 4xx with nothing written."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from crm_support.domain.contract_commands import CheckContracts

API = "/api/support/v1"
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)  # the conftest clock's start
URL = f"{API}/service-contracts"


def a_body(account_id: uuid.UUID, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "account_id": str(account_id),
        "subject": "Gold support 2026",
        "contract_type": "Support",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "tracking_unit": "Hours",
        "total_units": "10",
    }
    body.update(overrides)
    return body


def test_a_contract_counts_its_accounts_tickets_and_is_used_up_once(
    api, svc, admin, clock, add_ticket, event_types
):
    account = uuid.uuid4()
    created = api.post(URL, json=a_body(account), headers=admin)
    assert created.status_code == 201, created.get_json()
    contract = created.get_json()
    assert contract["number"] == "SC-2026-000001" and contract["status"] == "Active"
    assert created.headers["Location"].endswith(contract["id"])
    add_ticket(account_id=account, time_spent_minutes=300)
    add_ticket(account_id=account, time_spent_minutes=240)
    add_ticket(account_id=uuid.uuid4(), time_spent_minutes=999)  # another account
    add_ticket(account_id=account, time_spent_minutes=999, created_at=NOW.replace(year=2025))
    seen = api.get(f"{URL}/{contract['id']}", headers=admin).get_json()
    assert (seen["used_units"], seen["remaining_units"]) == ("9.00", "1.00")
    assert seen["tickets_in_period"] == 2
    add_ticket(account_id=account, time_spent_minutes=60)
    assert svc.run(CheckContracts()) == 1
    assert svc.run(CheckContracts()) == 0
    seen = api.get(f"{URL}/{contract['id']}", headers=admin).get_json()
    assert (seen["status"], seen["remaining_units"]) == ("Used Up", "0")
    assert event_types() == ["support.contract.exhausted.v1"]
    clock.now = NOW.replace(year=2027)
    svc.run(CheckContracts())
    svc.run(CheckContracts())
    assert event_types() == ["support.contract.exhausted.v1", "support.contract.expired.v1"]
    assert api.get(f"{URL}/{contract['id']}", headers=admin).get_json()["status"] == "Expired"


def test_raising_the_budget_makes_it_active_again_at_once(api, admin, add_ticket):
    account = uuid.uuid4()
    add_ticket(account_id=account, time_spent_minutes=600)
    contract = api.post(URL, json=a_body(account), headers=admin).get_json()
    assert contract["status"] == "Used Up"
    url = f"{URL}/{contract['id']}"
    changed = api.patch(url, json={"total_units": "20"}, headers={**admin, "If-Match": '"1"'})
    assert changed.status_code == 412
    changed = api.patch(url, json={"total_units": "20"}, headers=admin)
    assert changed.status_code == 200
    assert (changed.get_json()["status"], changed.get_json()["remaining_units"]) == (
        "Active",
        "10.00",
    )


def test_numbers_are_gap_free_and_a_review_reminder_goes_out_once(api, svc, admin, event_types):
    review = (NOW + timedelta(days=10)).date().isoformat()
    first = api.post(URL, json=a_body(uuid.uuid4(), review_date=review), headers=admin)
    second = api.post(
        URL, json=a_body(uuid.uuid4(), tracking_unit="None", total_units=None), headers=admin
    )
    assert [first.get_json()["number"], second.get_json()["number"]] == [
        "SC-2026-000001",
        "SC-2026-000002",
    ]
    svc.run(CheckContracts())
    svc.run(CheckContracts())
    assert event_types() == ["support.contract.review_due.v1"]


def test_bad_input_is_422_naming_fields_and_writes_nothing(api, admin, any_account):
    account = uuid.uuid4()
    for body, field in (
        (a_body(account, end_date="2025-01-01"), "end_date"),
        (a_body(account, tracking_unit="Weeks"), "tracking_unit"),
        (a_body(account, total_units=None), "total_units"),
        (a_body(account, contract_type="Bogus"), "contract_type"),
        (a_body(account, total_units="abc"), "total_units"),
        (a_body(account, extra="x"), "extra"),
    ):
        refused = api.post(URL, json=body, headers=admin)
        assert refused.status_code == 422, body
        assert field in [e["field"] for e in refused.get_json()["errors"]]
    any_account.missing.add(account)
    refused = api.post(URL, json=a_body(account), headers=admin)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.get_json()["errors"]] == ["account_id"]
    assert api.get(URL, headers=admin).get_json()["items"] == []
    assert api.get(f"{URL}/not-a-uuid", headers=admin).status_code == 400


def test_cancel_is_final(api, admin):
    contract = api.post(URL, json=a_body(uuid.uuid4()), headers=admin).get_json()
    url = f"{URL}/{contract['id']}"
    cancelled = api.post(f"{url}/cancel", headers=admin)
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "Cancelled"
    again = api.post(f"{url}/cancel", headers=admin)
    assert again.status_code == 409
    assert again.get_json()["allowed_next"] == []
    edit = api.patch(url, json={"subject": "New"}, headers=admin)
    assert edit.status_code == 409
    assert api.get(url, headers=admin).get_json()["subject"] == "Gold support 2026"


def test_list_filters_and_searches(api, admin):
    account = uuid.uuid4()
    api.post(URL, json=a_body(account, subject="Platinum"), headers=admin)
    api.post(URL, json=a_body(uuid.uuid4(), subject="Bronze"), headers=admin)
    mine = api.get(f"{URL}?account_id={account}", headers=admin).get_json()["items"]
    assert [c["subject"] for c in mine] == ["Platinum"]
    found = api.get(f"{URL}?q=bron", headers=admin).get_json()["items"]
    assert [c["subject"] for c in found] == ["Bronze"]
    assert api.get(f"{URL}?sort=bogus", headers=admin).status_code == 400
    # Without an offset the moment is UTC (it was a 500).
    naive = api.get(f"{URL}?updated_since=2026-01-01T00:00:00", headers=admin)
    assert naive.status_code == 200 and len(naive.get_json()["items"]) == 2


def test_a_caller_without_the_module_gets_403_before_validation(api, token_factory):
    nobody = {"Authorization": f"Bearer {token_factory.issue(str(uuid.uuid4()))}"}
    assert api.post(URL, json={"junk": 1}, headers=nobody).status_code == 403
    assert api.get(URL, headers=nobody).status_code == 403


def test_owners_see_their_contracts_and_hidden_units_stay_hidden(
    api, admin, save_policy, token_factory
):
    ann, bob = uuid.uuid4(), uuid.uuid4()
    modules = {"service_contracts": ["view", "create", "edit"]}
    save_policy(
        {ann: "agents", bob: "agents"}, modules=modules, sharing={"service_contracts": "private"}
    )
    body = a_body(uuid.uuid4(), owner_id=str(ann))
    contract = api.post(URL, json=body, headers=admin).get_json()
    url = f"{URL}/{contract['id']}"

    def as_(user):
        return {"Authorization": f"Bearer {token_factory.issue(str(user))}"}

    assert api.get(url, headers=as_(ann)).get_json()["used_units"] == "0.00"
    assert api.get(url, headers=as_(bob)).status_code == 404
    assert api.patch(url, json={"subject": "x"}, headers=as_(bob)).status_code == 404
    assert api.get(URL, headers=as_(bob)).get_json()["items"] == []
    save_policy(
        {ann: "agents", bob: "agents"},
        version=2,
        modules=modules,
        sharing={"service_contracts": "private"},
        fields={"service_contracts": {"total_units": "hidden"}},
    )
    seen = api.get(url, headers=as_(ann)).get_json()
    assert not {"total_units", "used_units", "remaining_units"} & set(seen)
    refused = api.patch(url, json={"total_units": "50"}, headers=as_(ann))
    assert refused.status_code == 403


def test_time_logged_on_the_accounts_tickets_uses_the_contract(api, svc, admin):
    # Tickets opened and worked through h/tickets' own routes (their clock is the real one).
    today = datetime.now(UTC).date()
    account = uuid.uuid4()
    body = a_body(
        account,
        start_date=(today - timedelta(days=30)).isoformat(),
        end_date=(today + timedelta(days=30)).isoformat(),
        tracking_unit="Days",
        total_units="1",
    )
    contract = api.post(URL, json=body, headers=admin).get_json()
    opened = api.post(
        f"{API}/tickets", json={"title": "Down", "account_id": str(account)}, headers=admin
    )
    assert opened.status_code == 201, opened.get_json()
    logged = api.post(
        f"{API}/tickets/{opened.get_json()['id']}/time", json={"minutes": 480}, headers=admin
    )
    assert logged.status_code == 200, logged.get_json()
    seen = api.get(f"{URL}/{contract['id']}", headers=admin).get_json()
    assert (seen["used_units"], seen["remaining_units"], seen["tickets_in_period"]) == (
        "1.00",
        "0",
        1,
    )
    svc.run(CheckContracts())
    assert api.get(f"{URL}/{contract['id']}", headers=admin).get_json()["status"] == "Used Up"
