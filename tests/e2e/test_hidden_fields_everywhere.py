"""Issue 12 case 2 through the gateway: the last places a hidden field still showed.

- Lead conversion matched on an account's website or e-mail domain and a contact's e-mail
  even when the converter's profile hides them (the match confirmed the hidden value): now
  matching behaves as if those fields did not exist for that caller.
- Quote and order lines showed the product's name to a caller whose products profile hides
  it, and ``q=`` found quotes by it.
- The timeline's own "created"/"updated" headings named a contact whose name is hidden.

Each is shown against the administrator, who sees everything (so each test can fail).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

IDENTITY, CONTACTS, SALES = "/api/identity/v1", "/api/contacts/v1", "/api/sales/v1"
PASSWORD = "Corr3ct-horse-battery"
WORK = ["view", "create", "edit", "delete"]
HIDES = {
    "keys": {
        "accounts": {"website": "hidden", "email": "hidden"},
        "contacts": {"email": "hidden"},
    },
    "names": {"contacts": {"last_name": "hidden"}, "products": {"name": "hidden"}},
}


class Org:
    def __init__(self, gw: str, admin: dict[str, str]) -> None:
        self.gw, self.tag = gw, uuid.uuid4().hex[:8]
        self.headers: dict[str, dict[str, str]] = {"admin": admin}
        self.ids: dict[str, str] = {}

    def call(self, who: str, method: str, path: str, body: Any = None) -> requests.Response:
        return requests.request(
            method, f"{self.gw}{path}", json=body, headers=self.headers[who], timeout=15
        )

    def made(self, who: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        resp = self.call(who, "POST", path, body)
        assert resp.status_code == 201, (path, resp.status_code, resp.text)
        return resp.json()


def _rep(o: Org, who: str, sign_in: Callable[..., Any], ceo: str) -> None:
    modules = ("accounts", "contacts", "leads", "opportunities", "quotes", "sales_orders")
    profile = {
        "name": f"E2E Hidden {who} {o.tag}",
        "modules": {**{m: WORK for m in modules}, "products": ["view"]},
        "fields": HIDES[who],
    }
    made = o.made("admin", f"{IDENTITY}/profiles", profile)
    body = {"name": f"E2E Hidden {who} {o.tag}", "parent_id": ceo, "profile_ids": [made["id"]]}
    role = o.made("admin", f"{IDENTITY}/roles", body)["id"]
    email = f"hidden.{who}.{o.tag}@e2e.test"
    user = {"email": email, "display_name": who, "password": PASSWORD, "role_id": role}
    o.ids[who] = o.made("admin", f"{IDENTITY}/users", user)["id"]
    o.headers[who] = {"Authorization": f"Bearer {sign_in(email, PASSWORD)['access_token']}"}


@pytest.fixture(scope="module")
def o(gw: str, admin: dict, sign_in: Callable[..., Any], eventually: Callable[..., Any]) -> Org:
    org = Org(gw, admin)
    roles = org.call("admin", "GET", f"{IDENTITY}/roles?limit=500").json()["items"]
    ceo = next(r["id"] for r in roles if r["name"] == "CEO")
    for who in HIDES:
        _rep(org, who, sign_in, ceo)
    body = {
        "name": f"Gadgets {org.tag}",
        "website": f"https://gadgets-{org.tag}.example",
        "owner_id": org.ids["keys"],
    }

    def account() -> Any:
        resp = org.call("admin", "POST", f"{CONTACTS}/accounts", body)
        return resp.status_code == 201 and resp.json()["id"]  # 422 until contacts knows them

    org.ids["gadgets"] = eventually(account, timeout=20, interval=0.3)
    contact = {"last_name": "Boss", "email": f"boss@gadgets-{org.tag}.example"}
    contact |= {"account_id": org.ids["gadgets"], "owner_id": org.ids["keys"]}
    org.ids["boss"] = org.made("admin", f"{CONTACTS}/contacts", contact)["id"]
    return org


def _convert(o: Org, who: str, **lead: str) -> dict[str, Any]:
    made = o.made(who, f"{SALES}/leads", {"last_name": "Lead", "owner_id": o.ids["keys"], **lead})
    resp = o.call(who, "POST", f"{SALES}/leads/{made['id']}/convert", {})
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_conversion_does_not_match_on_a_hidden_web_domain_or_email(o: Org) -> None:
    """The rep converts first (a converted lead with the same e-mail would otherwise hand
    sales' duplicate-lead link to contacts, which is about the lead's visible e-mail)."""
    domain = f"gadgets-{o.tag}.example"
    mine = _convert(o, "keys", company=f"Elsewhere {o.tag}", email=f"new@{domain}")
    assert mine["existing_account"] is False and mine["account_id"] != o.ids["gadgets"]
    theirs = _convert(o, "keys", company=f"Fourth {o.tag}", email=f"boss@{domain}")
    assert theirs["existing_contact"] is False and theirs["contact_id"] != o.ids["boss"]
    assert theirs["account_id"] != o.ids["gadgets"]
    # The administrator, who sees website and e-mail, is matched on both.
    admin = _convert(o, "admin", company=f"Fifth {o.tag}", email=f"other@{domain}")
    assert admin["account_id"] == o.ids["gadgets"] and admin["existing_account"] is True
    by_email = _convert(o, "admin", company=f"Sixth {o.tag}", email=f"boss@{domain}")
    # Onto the boss, or onto the rep's contact of the duplicate lead sales links it to.
    assert by_email["existing_contact"] is True
    assert by_email["contact_id"] in (o.ids["boss"], theirs["contact_id"])


def test_a_hidden_product_name_is_on_no_quote_line(o: Org, eventually: Callable[..., Any]) -> None:
    name = f"Flux Capacitor {o.tag}"
    product = {"code": f"FX-{o.tag}", "name": name, "unit_price": "10.00", "currency": "EUR"}
    pid = o.made("admin", f"{SALES}/products", {**product, "tax_percent": "19"})["id"]
    body = {"name": f"Names {o.tag}", "owner_id": o.ids["names"]}
    account = eventually(
        lambda: (
            (r := o.call("admin", "POST", f"{CONTACTS}/accounts", body)).status_code == 201
            and r.json()["id"]
        ),
        timeout=20,
        interval=0.3,
    )
    quote = {"account_id": account, "owner_id": o.ids["names"]}
    quote["lines"] = [{"product_id": pid, "quantity": 1}]
    made = eventually(
        lambda: (
            (r := o.call("admin", "POST", f"{SALES}/quotes", quote)).status_code == 201 and r.json()
        ),
        timeout=20,
        interval=0.3,
    )
    url = f"{SALES}/quotes/{made['id']}"
    assert name in o.call("admin", "GET", url).text
    seen = o.call("names", "GET", url)
    assert seen.status_code == 200 and name not in seen.text, seen.text
    assert seen.json()["lines"][0]["product_code"] == f"FX-{o.tag}".upper()
    found = o.call("names", "GET", f"{SALES}/quotes?q=capacitor")
    assert found.status_code == 200 and made["id"] not in found.text
    assert made["id"] in o.call("admin", "GET", f"{SALES}/quotes?q=capacitor").text


def test_the_timeline_does_not_name_a_contact_whose_name_is_hidden(o: Org, eventually) -> None:
    body = {"name": f"Timeline {o.tag}", "owner_id": o.ids["names"]}
    account = eventually(
        lambda: (
            (r := o.call("admin", "POST", f"{CONTACTS}/accounts", body)).status_code == 201
            and r.json()["id"]
        ),
        timeout=20,
        interval=0.3,
    )
    person = {"last_name": f"Zebedee{o.tag}", "account_id": account, "owner_id": o.ids["names"]}
    contact = o.made("admin", f"{CONTACTS}/contacts", person)
    renamed = {"last_name": f"Renamed{o.tag}"}
    patched = o.call("admin", "PATCH", f"{CONTACTS}/contacts/{contact['id']}", renamed)
    assert patched.status_code == 200, patched.text
    url = f"{CONTACTS}/accounts/{account}/timeline"
    full = o.call("admin", "GET", url)
    assert f"Zebedee{o.tag}" in full.text and f"Renamed{o.tag}" in full.text
    # The hiding profile reaches contacts' policy copy within seconds (a snapshot event);
    # under load the timeline could be read before it. The record itself shows when it has.
    record = f"{CONTACTS}/contacts/{contact['id']}"
    eventually(
        lambda: (r := o.call("names", "GET", record)).status_code == 200
        and "last_name" not in r.json(),
        timeout=20,
        interval=0.3,
    )
    seen = o.call("names", "GET", url)
    assert seen.status_code == 200, seen.text
    assert f"Zebedee{o.tag}" not in seen.text and f"Renamed{o.tag}" not in seen.text
    summaries = [e["summary"] for e in seen.json()["items"] if e["module"] == "contacts"]
    assert "Contact created" in summaries
    assert any(s.startswith("Contact updated: ") for s in summaries), summaries
