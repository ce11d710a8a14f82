"""Online lead forms through the gateway (identity, contacts, sales, marketing running).

A visitor's submission (no token) becomes a lead in sales credited to the form's campaign,
which converts and wins and then shows in the campaign's ROI; honeypot, too fast, rate
limit, foreign origin and bad input are refused with the reason and create no lead.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
import requests

from crm_suite_testing.suite import MARKETING_ADMIN_EMAIL as ADMIN_EMAIL
from crm_suite_testing.suite import MARKETING_ADMIN_PASSWORD as ADMIN_PASSWORD
from crm_suite_testing.suite import Suite, password_headers

MARKETING = "/api/marketing/v1"
SALES = "/api/sales/v1"
ORIGIN = "https://www.forms.example"


@pytest.fixture(scope="module")
def forms_suite(marketing_suite: Suite) -> Suite:
    """The session's suite with marketing (tests/e2e/conftest.py)."""
    return marketing_suite


@pytest.fixture(scope="module")
def gw(forms_suite: Suite) -> str:
    return forms_suite.gateway_url


@pytest.fixture(scope="module")
def admin(gw: str) -> dict[str, str]:
    return password_headers(gw, ADMIN_EMAIL, ADMIN_PASSWORD)


def call(gw: str, method: str, path: str, headers: dict[str, str] | None, body: Any = None) -> Any:
    return requests.request(method, f"{gw}{path}", json=body, headers=headers, timeout=15)


def created(resp: Any) -> dict[str, Any]:
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


def eventually(check: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def leads_with(gw: str, admin: dict[str, str], email: str) -> list[dict[str, Any]]:
    resp = call(gw, "GET", f"{SALES}/leads?q={email}", admin)
    assert resp.status_code == 200, resp.text
    return [lead for lead in resp.json()["items"] if lead.get("email") == email]


def make_form(gw: str, admin: dict[str, str], campaign_id: str, **overrides: Any) -> dict:
    body = {
        "name": f"Web-to-lead {uuid.uuid4().hex[:6]}",
        "fields": [
            {"name": "first", "label": "First name", "maps_to": "first_name"},
            {"name": "last", "label": "Last name", "required": True, "maps_to": "last_name"},
            {
                "name": "mail",
                "label": "E-mail",
                "type": "email",
                "required": True,
                "maps_to": "email",
            },
            {"name": "org", "label": "Company", "max_length": 80, "maps_to": "company"},
        ],
        "campaign_id": campaign_id,
        "allowed_origins": [ORIGIN],
        "error_url": "https://www.forms.example/sorry",
        "min_fill_seconds": 0,
        **overrides,
    }
    return created(call(gw, "POST", f"{MARKETING}/forms", admin, body))


def stamp(gw: str, admin: dict[str, str], form_id: str) -> str:
    resp = call(gw, "GET", f"{MARKETING}/forms/{form_id}/embed", admin)
    assert resp.status_code == 200, resp.text
    return str(resp.json()["stamp"])


def submit(gw: str, form_id: str, body: dict[str, Any], origin: str = ORIGIN) -> Any:
    headers = {"Origin": origin}
    return call(gw, "POST", f"{MARKETING}/forms/{form_id}/submissions", headers, body)


@pytest.fixture(scope="module")
def campaign(gw: str, admin: dict[str, str]) -> dict[str, Any]:
    body = {
        "name": f"Spring fair {uuid.uuid4().hex[:6]}",
        "currency": "EUR",
        "actual_cost": "1000.00",
    }
    return created(call(gw, "POST", f"{MARKETING}/campaigns", admin, body))


def test_a_submission_becomes_a_credited_lead_that_converts_wins_and_shows_in_roi(
    gw, admin, campaign
):
    form = make_form(gw, admin, campaign["id"])
    email = f"ada.{uuid.uuid4().hex[:8]}@engines.example"
    person = {"first": "Ada", "last": "Lovelace", "mail": email, "org": "Analytical Engines"}
    preflight = requests.options(
        f"{gw}{MARKETING}/forms/{form['id']}/submissions",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
        timeout=15,
    )
    assert preflight.headers.get("Access-Control-Allow-Origin") == ORIGIN, preflight.headers
    answer = submit(gw, form["id"], {**person, "form_stamp": stamp(gw, admin, form["id"])})
    assert answer.status_code == 201, answer.text
    assert answer.headers["Access-Control-Allow-Origin"] == ORIGIN
    [lead] = eventually(lambda: leads_with(gw, admin, email))
    assert lead["campaign_id"] == campaign["id"]
    assert (lead["lead_source"], lead["company"]) == ("Web Site", "Analytical Engines")
    conversion = created(call(gw, "POST", f"{SALES}/leads/{lead['id']}/convert", admin, {}))
    opportunity = f"{SALES}/opportunities/{conversion['opportunity_id']}"
    assert call(gw, "GET", opportunity, admin).json()["campaign_id"] == campaign["id"]
    won = call(
        gw,
        "PATCH",
        opportunity,
        admin,
        {"sales_stage": "Closed Won", "amount": {"amount": "5000.00", "currency": "EUR"}},
    )
    assert won.status_code == 200, won.text

    def roi() -> dict[str, Any] | None:
        resp = call(gw, "GET", f"{MARKETING}/reports/campaign-roi", admin)
        assert resp.status_code == 200, resp.text
        rows = [r for r in resp.json()["items"] if r["campaign_id"] == campaign["id"]]
        done = rows and rows[0]["conversions"] == 1 and rows[0]["won_opportunities"] == 1
        return rows[0] if done else None

    shown = eventually(roi, timeout=30.0)
    assert shown, call(gw, "GET", f"{MARKETING}/reports/campaign-roi", admin).text
    assert (shown["submissions"], shown["leads"]) == (1, 1)
    assert shown["won_revenue"] == "5000.00" and shown["actual_cost"] == "1000.00"
    assert shown["cost_per_lead"] == "1000.00" and shown["cost_per_conversion"] == "1000.00"
    assert shown["roi"] is not None and float(shown["roi"]) == 4.0


REFUSED_MAIL = [f"spam{i}.{uuid.uuid4().hex[:6]}@bots.example" for i in range(5)]


def test_spam_and_bad_input_are_refused_with_the_reason(gw, admin, campaign):
    form = make_form(gw, admin, campaign["id"], rate_limit_per_hour=5)
    slow = make_form(gw, admin, campaign["id"], min_fill_seconds=600)
    refused_mail = REFUSED_MAIL

    def person(i: int) -> dict[str, str]:
        return {"last": "Bot", "mail": refused_mail[i]}

    good = stamp(gw, admin, form["id"])
    cases = [
        (
            submit(
                gw, form["id"], {**person(0), "form_stamp": good, "confirm_email_address": "x@y.z"}
            ),
            400,
            "honeypot",
        ),
        (
            submit(gw, slow["id"], {**person(1), "form_stamp": stamp(gw, admin, slow["id"])}),
            400,
            "too_fast",
        ),
        (submit(gw, form["id"], {**person(2), "form_stamp": "forged"}), 400, "stamp"),
        (
            submit(gw, form["id"], {**person(3), "form_stamp": good}, "https://evil.example"),
            403,
            "origin",
        ),
        (submit(gw, form["id"], {"last": "", "mail": "nope", "form_stamp": good}), 422, "invalid"),
    ]
    for answer, status, reason in cases:
        assert answer.status_code == status, answer.text
        assert answer.headers["Content-Type"].startswith("application/problem+json")
        assert answer.json()["reason"] == reason
    browser = requests.post(
        f"{gw}{MARKETING}/forms/{form['id']}/submissions",
        data={"last": "", "mail": "x", "form_stamp": good},
        headers={"Accept": "text/html"},
        allow_redirects=False,
        timeout=15,
    )
    assert browser.status_code == 303
    assert browser.headers["Location"] == "https://www.forms.example/sorry?reason=invalid"
    # Five stored refusals reach the form's limit of five an hour: the next is a 429.
    limited = submit(gw, form["id"], {**person(4), "form_stamp": good})
    assert limited.status_code == 429, limited.text
    assert limited.json()["reason"] == "rate_form" and limited.headers.get("Retry-After")
    listed = call(gw, "GET", f"{MARKETING}/forms/{form['id']}/submissions", admin).json()
    assert sorted(s["reason"] for s in listed["items"]) == sorted(
        ["honeypot", "stamp", "origin", "invalid", "invalid"]
    )


def test_refused_submissions_made_no_lead(gw, admin, campaign):
    """Runs after the refusals above: once a later valid submission's lead exists in sales,
    a lead of a refused one would exist too, had anything been published for it."""
    other = make_form(gw, admin, campaign["id"])
    sentinel = f"sentinel.{uuid.uuid4().hex[:8]}@ok.example"
    ok = submit(
        gw,
        other["id"],
        {"last": "Ok", "mail": sentinel, "form_stamp": stamp(gw, admin, other["id"])},
    )
    assert ok.status_code == 201, ok.text
    assert eventually(lambda: leads_with(gw, admin, sentinel))
    for mail in REFUSED_MAIL:
        assert leads_with(gw, admin, mail) == []
