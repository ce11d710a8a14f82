"""Marketing's audience through the gateway (identity, contacts, sales and marketing
running): a segment resolved over the real contacts and sales gRPC servers in several
pages, consent decided on the way; a template previewed for a real contact; an unsubscribe
recorded by consent's use case reaching the contact's record through the event bus."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests

from crm_suite_testing.suite import MARKETING_ADMIN_EMAIL as ADMIN_EMAIL
from crm_suite_testing.suite import MARKETING_ADMIN_PASSWORD as ADMIN_PASSWORD
from crm_suite_testing.suite import Suite, password_headers

API = "/api/marketing/v1"
CONTACTS = "/api/contacts/v1"
SALES = "/api/sales/v1"


@pytest.fixture(scope="module")
def audience_suite(marketing_suite: Suite) -> Suite:
    """The session's suite with marketing (tests/e2e/conftest.py)."""
    return marketing_suite


@pytest.fixture(scope="module")
def gw(audience_suite: Suite) -> str:
    return audience_suite.gateway_url


@pytest.fixture(scope="module")
def admin(gw: str) -> dict[str, str]:
    return password_headers(gw, ADMIN_EMAIL, ADMIN_PASSWORD)


def _post(gw: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    resp = requests.post(f"{gw}{path}", json=body, headers=headers, timeout=20)
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_a_segment_preview_pages_through_contacts_and_sales(gw, admin):
    tag = f"seg{uuid.uuid4().hex[:8]}"
    account = _post(
        gw, f"{CONTACTS}/accounts", {"name": f"Bank {tag}", "industry": "Banking"}, admin
    )
    for n in range(3):
        body = {"last_name": f"C{n}", "email": f"c{n}-{tag}@e2e.test", "tags": [tag]}
        _post(gw, f"{CONTACTS}/contacts", {**body, "account_id": account["id"]}, admin)
    opted = {"last_name": "Out", "email": f"out-{tag}@e2e.test", "tags": [tag]}
    _post(gw, f"{CONTACTS}/contacts", {**opted, "email_opt_out": True}, admin)
    for n in range(2):
        body = {"last_name": f"L{n}", "email": f"l{n}-{tag}@e2e.test", "tags": [tag]}
        _post(gw, f"{SALES}/leads", body, admin)
    _post(
        gw, f"{CONTACTS}/contacts", {"last_name": "Untagged", "email": f"x-{tag}@e2e.test"}, admin
    )
    segment = _post(gw, f"{API}/segments", {"name": tag, "filter": {"tags": [tag]}}, admin)
    resp = requests.get(f"{gw}{API}/segments/{segment['id']}/preview", headers=admin, timeout=30)
    assert resp.status_code == 200, resp.text
    preview = resp.json()
    assert (preview["total"], preview["mailable"]) == (6, 5)
    assert preview["skipped"] == {"email_opt_out": 1}
    assert {i["kind"] for i in preview["items"]} == {"contact", "lead"}
    only_banks = {"name": f"{tag} banks", "record_types": "contacts"}
    only_banks["filter"] = {"tags": [tag], "industries": ["Banking"]}
    banks = _post(gw, f"{API}/segments", only_banks, admin)
    resp = requests.get(f"{gw}{API}/segments/{banks['id']}/preview", headers=admin, timeout=30)
    assert resp.json()["total"] == 3


def test_a_bad_segment_or_template_is_a_422_and_saves_nothing(gw, admin):
    bad = {"name": "bad", "record_types": "contacts", "filter": {"lead_statuses": ["Hot"]}}
    resp = requests.post(f"{gw}{API}/segments", json=bad, headers=admin, timeout=10)
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "filter.lead_statuses"
    template = {"name": "t", "subject": "Hi", "html": "{{ contact.__class__ }}"}
    resp = requests.post(f"{gw}{API}/templates", json=template, headers=admin, timeout=10)
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "html"


def test_a_template_preview_renders_a_real_contact(gw, admin):
    contact = _post(gw, f"{CONTACTS}/contacts", {"first_name": "Ada", "last_name": "Byron"}, admin)
    body = {
        "name": "Hello",
        "subject": "Hi {{ contact.first_name }}",
        "html": "<p>{{ contact.last_name }}</p>",
    }
    template = _post(gw, f"{API}/templates", body, admin)
    resp = requests.post(
        f"{gw}{API}/templates/{template['id']}/preview",
        json={"contact_id": contact["id"]},
        headers=admin,
        timeout=20,
    )
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"subject": "Hi Ada", "html": "<p>Byron</p>", "text": "Byron\n"}


def test_an_unsubscribe_opts_the_contact_and_the_lead_out(gw, admin, audience_suite, eventually):
    from crm_marketing.bootstrap import bootstrap
    from crm_marketing.config import Settings
    from crm_marketing.domain.audience_commands import Unsubscribe

    email = f"leaving-{uuid.uuid4().hex[:8]}@e2e.test"
    contact = _post(gw, f"{CONTACTS}/contacts", {"last_name": "Leaving", "email": email}, admin)
    lead_email = f"lead-{email}"
    lead = _post(gw, f"{SALES}/leads", {"last_name": "Leaving", "email": lead_email}, admin)
    # What h/mailings' public unsubscribe endpoint runs: consent's use case, in marketing's
    # database; marketing's worker publishes the event, contacts' and sales' workers apply it.
    app = bootstrap(Settings(database_url=audience_suite.database_urls["marketing"]))
    try:
        assert app.run(Unsubscribe(email, contact_id=uuid.UUID(contact["id"]))) is True
        assert app.run(Unsubscribe(email, contact_id=uuid.UUID(contact["id"]))) is False
        assert app.run(Unsubscribe(lead_email, lead_id=uuid.UUID(lead["id"]))) is True
    finally:
        app.db.dispose()

    def opted_out(url: str) -> bool:
        return requests.get(url, headers=admin, timeout=10).json()["email_opt_out"] is True

    eventually(lambda: opted_out(f"{gw}{CONTACTS}/contacts/{contact['id']}"), timeout=30)
    eventually(lambda: opted_out(f"{gw}{SALES}/leads/{lead['id']}"), timeout=30)
    resp = requests.get(f"{gw}{API}/suppressions?q=leaving", headers=admin, timeout=10)
    assert sorted(s["address"] for s in resp.json()["items"]) == sorted([email, lead_email])
