"""Campaigns through the gateway (identity, contacts, sales and marketing running): two
reps with private records; members checked in sales and contacts with the caller's token
(no existence leak); the status machine; a lead of the campaign converted and won shows in
the campaign's ROI (events over RabbitMQ), and in sales' KPI report over gRPC."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

from crm_suite_testing.suite import MARKETING_ADMIN_EMAIL as ADMIN_EMAIL
from crm_suite_testing.suite import MARKETING_ADMIN_PASSWORD as ADMIN_PASSWORD
from crm_suite_testing.suite import Suite, password_headers

PASSWORD = "Corr3ct-horse-battery"
IDENTITY, CONTACTS = "/api/identity/v1", "/api/contacts/v1"
SALES, MARKETING = "/api/sales/v1", "/api/marketing/v1"
PRIVATE = ("campaigns", "leads", "accounts", "opportunities")


@pytest.fixture(scope="module")
def campaigns_suite(marketing_suite: Suite) -> Suite:
    """The session's suite with marketing (tests/e2e/conftest.py)."""
    return marketing_suite


@pytest.fixture(scope="module")
def gw(campaigns_suite: Suite) -> str:
    return campaigns_suite.gateway_url


class People:
    def __init__(self, gw: str, admin: dict[str, str]) -> None:
        self.gw, self.headers, self.tag = gw, {"admin": admin}, uuid.uuid4().hex[:8]

    def call(self, who: str, method: str, path: str, body: Any = None) -> requests.Response:
        url = f"{self.gw}{path}"
        return requests.request(method, url, json=body, headers=self.headers[who], timeout=15)

    def made(self, who: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        resp = self.call(who, "POST", path, body)
        assert resp.status_code == 201, (path, resp.status_code, resp.text)
        return resp.json()


@pytest.fixture(scope="module")
def people(gw: str) -> People:
    p = People(gw, password_headers(gw, ADMIN_EMAIL, ADMIN_PASSWORD))
    for module in PRIVATE:
        resp = p.call(
            "admin", "PUT", f"{IDENTITY}/sharing-defaults/{module}", {"access": "private"}
        )
        assert resp.status_code == 200, resp.text
    work = ["view", "create", "edit", "delete"]
    modules = ("campaigns", "leads", "accounts", "contacts", "opportunities", "tasks")
    profile = p.made(
        "admin",
        f"{IDENTITY}/profiles",
        {"name": f"E2E Marketer {p.tag}", "modules": {m: work for m in modules}},
    )
    roles = p.call("admin", "GET", f"{IDENTITY}/roles?limit=500").json()["items"]
    ceo = next(r["id"] for r in roles if r["name"] == "CEO")
    body = {"name": f"E2E Marketer {p.tag}", "parent_id": ceo, "profile_ids": [profile["id"]]}
    role = p.made("admin", f"{IDENTITY}/roles", body)["id"]
    for who in ("a", "b"):
        email = f"marketer.{who}.{p.tag}@e2e.test"
        user = {"email": email, "display_name": f"{who} {p.tag}", "password": PASSWORD}
        p.made("admin", f"{IDENTITY}/users", {**user, "role_id": role})
        p.headers[who] = password_headers(gw, email, PASSWORD)
    return p


def _problem(resp: requests.Response, asked: str) -> tuple[int, str]:
    body = resp.json()
    shape = {k: body.get(k) for k in ("type", "title", "detail", "status")}
    shape["errors"] = [(e.get("field"), e.get("message")) for e in body.get("errors") or []]
    return resp.status_code, json.dumps(shape, sort_keys=True).replace(asked, "<id>")


def _until(eventually: Callable[..., Any], check: Callable[[], Any], timeout: float = 30) -> Any:
    return eventually(check, timeout=timeout)


def test_campaign_lifecycle_and_the_status_machine(people: People) -> None:
    made = people.made("a", f"{MARKETING}/campaigns", {"name": f"Fair {people.tag}"})
    url = f"{MARKETING}/campaigns/{made['id']}"
    refused = people.call("a", "PATCH", url, {"status": "Completed"})
    assert refused.status_code == 409
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert refused.json()["allowed_next"] == ["Active", "Cancelled"]
    assert people.call("a", "PATCH", url, {"status": "Active"}).json()["status"] == "Active"
    bad = people.call("a", "PATCH", url, {"end_date": "2020-01-01", "start_date": "2021-01-01"})
    assert bad.status_code == 422
    assert people.call("a", "GET", url).json()["start_date"] is None  # nothing written
    # B's private campaign answers A exactly like an id nobody has.
    theirs = people.made("b", f"{MARKETING}/campaigns", {"name": f"B's {people.tag}"})["id"]
    nobody = str(uuid.uuid4())
    mine, random = (people.call("a", "GET", f"{MARKETING}/campaigns/{i}") for i in (theirs, nobody))
    assert _problem(mine, theirs) == _problem(random, nobody) and mine.status_code == 404


def test_members_are_checked_as_the_caller_without_leaking(people: People) -> None:
    """marketing -> sales BatchGetLeads and contacts BatchGetContacts, with A's token."""
    campaign = people.made("a", f"{MARKETING}/campaigns", {"name": f"Webinar {people.tag}"})
    url = f"{MARKETING}/campaigns/{campaign['id']}/members"
    lead = people.made("a", f"{SALES}/leads", {"last_name": "Mine", "company": "Mine Co"})["id"]
    account = people.made("a", f"{CONTACTS}/accounts", {"name": f"A Co {people.tag}"})["id"]
    contact = people.made("a", f"{CONTACTS}/contacts", {"last_name": "Own", "account_id": account})[
        "id"
    ]
    body = {"members": [{"type": "lead", "id": lead}, {"type": "contact", "id": contact}]}
    added = people.call("a", "POST", url, body)
    assert added.status_code == 200, added.text
    assert people.call("a", "POST", url, body).status_code == 200  # idempotent
    summary = people.call("a", "GET", f"{MARKETING}/campaigns/{campaign['id']}/summary").json()
    assert (summary["total"], summary["leads"], summary["contacts"]) == (2, 1, 1)
    b_lead = people.made("b", f"{SALES}/leads", {"last_name": "Quiet", "company": "Q"})["id"]
    b_account = people.made("b", f"{CONTACTS}/accounts", {"name": f"Secret {people.tag}"})["id"]
    b_contact = people.made(
        "b", f"{CONTACTS}/contacts", {"last_name": "Hidden", "account_id": b_account}
    )["id"]
    for kind, theirs in (("lead", b_lead), ("contact", b_contact)):
        nobody = str(uuid.uuid4())
        asks = [
            people.call("a", "POST", url, {"members": [{"type": kind, "id": i}]})
            for i in (theirs, nobody)
        ]
        assert asks[0].status_code == 422, asks[0].text
        assert _problem(asks[0], theirs) == _problem(asks[1], nobody)
        assert "Hidden" not in asks[0].text and "Quiet" not in asks[0].text
    assert (
        people.call("a", "GET", f"{MARKETING}/campaigns/{campaign['id']}/summary").json()["total"]
        == 2
    )


def test_a_task_on_a_campaign_is_checked_as_the_caller(people: People) -> None:
    """contacts -> marketing GetCampaign with A's token: B's campaign is like no campaign."""
    theirs = people.made("b", f"{MARKETING}/campaigns", {"name": f"Secret {people.tag}"})["id"]
    mine = people.made("a", f"{MARKETING}/campaigns", {"name": f"Open {people.tag}"})["id"]
    nobody = str(uuid.uuid4())

    def task(related: str) -> requests.Response:
        body = {"title": "Follow up", "related_type": "campaign", "related_id": related}
        return people.call("a", "POST", f"{CONTACTS}/tasks", body)

    assert task(mine).status_code == 201, task(mine).text
    asks = [task(theirs), task(nobody)]
    assert asks[0].status_code == 422
    assert _problem(asks[0], theirs) == _problem(asks[1], nobody)


def test_a_converted_and_won_lead_shows_in_the_campaigns_roi_and_sales_kpis(
    people: People, eventually: Callable[..., Any]
) -> None:
    body = {"name": f"ROI {people.tag}", "actual_cost": "1000", "currency": "EUR"}
    campaign = people.made("a", f"{MARKETING}/campaigns", body)["id"]
    lead = people.made(
        "a",
        f"{SALES}/leads",
        {"last_name": "Buyer", "company": f"Buyer {people.tag}", "campaign_id": campaign},
    )["id"]
    deal = {"opportunity": {"amount": "3000.00", "currency": "EUR"}}
    converted = people.call("a", "POST", f"{SALES}/leads/{lead}/convert", deal)
    assert converted.status_code == 201, converted.text
    opportunity = converted.json()["opportunity_id"]
    won = people.call(
        "a", "PATCH", f"{SALES}/opportunities/{opportunity}", {"sales_stage": "Closed Won"}
    )
    assert won.status_code == 200, won.text

    def credited() -> Any:
        items = people.call("a", "GET", f"{MARKETING}/reports/campaign-roi").json()["items"]
        row = next((r for r in items if r["campaign_id"] == campaign), None)
        done = row and row["won_opportunities"] == 1 and row["conversions"] == 1
        return row if done else None

    row = _until(eventually, credited)
    assert (row["leads"], row["won_revenue"], row["roi"]) == (1, "3000.00", "2.0000")
    assert row["cost_per_lead"] == "1000.00" and row["cost_per_conversion"] == "1000.00"
    as_csv = people.call("a", "GET", f"{MARKETING}/reports/campaign-roi?format=csv")
    assert as_csv.status_code == 200 and campaign in as_csv.text
    # B sees none of A's campaigns in the report, nor in sales' KPI section.
    b_items = people.call("b", "GET", f"{MARKETING}/reports/campaign-roi").json()["items"]
    assert campaign not in {r["campaign_id"] for r in b_items}
    kpis = people.call("a", "GET", f"{SALES}/reports/kpis").json()["marketing_roi"]
    assert kpis["status"] == "ok", kpis
    assert campaign in {c["campaign_id"] for c in kpis["top_campaigns"]}
    b_kpis = people.call("b", "GET", f"{SALES}/reports/kpis").json()["marketing_roi"]
    assert campaign not in {c["campaign_id"] for c in b_kpis.get("top_campaigns", [])}
