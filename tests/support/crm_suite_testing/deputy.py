"""The organisation of the caller-rights matrix (tests/e2e/test_caller_rights_matrix.py).

Two reps, A and B, peers in one role whose profile works sales, contacts and billing
records; two service accounts for an ERP, one without contacts' account scope; B's private
account X with a contact and business on it. Built through the gateway as an administrator.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import requests

IDENTITY, CONTACTS = "/api/identity/v1", "/api/contacts/v1"
SALES, BILLING = "/api/sales/v1", "/api/billing/v1"
PASSWORD = "Corr3ct-horse-battery"


class World:
    """The organisation this module builds, and A's, B's and a service's ways to ask."""

    def __init__(self, gw: str, admin: dict[str, str]) -> None:
        self.gw, self.admin, self.tag = gw, admin, uuid.uuid4().hex[:8]
        self.headers: dict[str, dict[str, str]] = {"admin": admin}
        self.ids: dict[str, str] = {}
        self.secret: dict[str, str] = {}  # kind -> B's record (X's id for "account")

    def call(self, who: str, method: str, path: str, body: Any = None) -> requests.Response:
        return requests.request(
            method, f"{self.gw}{path}", json=body, headers=self.headers[who], timeout=15
        )

    def made(self, who: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        resp = self.call(who, "POST", path, body)
        assert resp.status_code == 201, (path, resp.status_code, resp.text)
        return resp.json()

    def lines(self) -> list[dict[str, Any]]:
        return [{"product_id": self.ids["product"], "quantity": 1}]

    def lead(self) -> str:
        return self.made("a", f"{SALES}/leads", {"last_name": "Fresh", "company": "Fresh Co"})["id"]

    def revealing(self) -> list[str]:
        """What of X must never reach A: its name, street, web domain, its contact's name."""
        return [f"Secretive {self.tag}", f"Hidden Lane {self.tag}", f"secretive-{self.tag}"]


def _user(w: World, role: str, who: str, sign_in: Callable[..., Any]) -> None:
    email = f"deputy.{who}.{w.tag}@e2e.test"
    body = {"email": email, "display_name": f"{who} {w.tag}", "password": PASSWORD}
    w.ids[who] = w.made("admin", f"{IDENTITY}/users", {**body, "role_id": role})["id"]
    w.headers[who] = {"Authorization": f"Bearer {sign_in(email, PASSWORD)['access_token']}"}


def _service(w: World, scopes: list[str]) -> dict[str, str]:
    name = f"deputy-erp-{len(w.headers)}-{w.tag}"
    made = w.made("admin", f"{IDENTITY}/service-accounts", {"name": name, "scopes": scopes})
    body = {"grant_type": "client_credentials", "client_id": made["client_id"]}
    body["client_secret"] = made["client_secret"]
    resp = requests.post(f"{w.gw}{IDENTITY}/auth/token", json=body, timeout=10)
    assert resp.status_code == 200, resp.text
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}


def organisation(w: World, sign_in: Callable[..., Any]) -> None:
    work = ["view", "create", "edit", "delete"]
    modules = ("accounts", "contacts", "leads", "opportunities", "quotes", "sales_orders")
    profile = w.made(
        "admin",
        f"{IDENTITY}/profiles",
        {
            "name": f"E2E Deputy {w.tag}",
            "modules": {
                **{m: work for m in (*modules, "enquiries", "tasks", "events", "notes")},
                **{m: ["view", "create", "edit"] for m in ("invoices", "payments")},
                **{m: ["view"] for m in ("products", "price_books")},
            },
        },
    )
    roles = w.call("admin", "GET", f"{IDENTITY}/roles?limit=500").json()["items"]
    ceo = next(r["id"] for r in roles if r["name"] == "CEO")
    body = {"name": f"E2E Deputy Rep {w.tag}", "parent_id": ceo, "profile_ids": [profile["id"]]}
    role = w.made("admin", f"{IDENTITY}/roles", body)["id"]
    _user(w, role, "a", sign_in)
    _user(w, role, "b", sign_in)
    w.headers["erp"] = _service(w, ["billing.invoices.write", "billing.payments.write"])
    w.headers["erp_reader"] = _service(
        w, ["billing.invoices.write", "billing.payments.write", "contacts.accounts.read"]
    )


def b_business(w: World, eventually: Callable[..., Any]) -> None:
    """X and B's records on it (made by B once every service knows B as an owner)."""
    street = {"street": f"1 Hidden Lane {w.tag}", "city": "Nowhere", "country": "DE"}
    x = {"name": f"Secretive {w.tag} Holdings", "website": f"https://secretive-{w.tag}.example"}
    w.secret["account"] = w.made("b", f"{CONTACTS}/accounts", {**x, "billing_address": street})[
        "id"
    ]
    ax = w.secret["account"]
    contact = {"last_name": f"Hiddenson{w.tag}", "email": f"boss@secretive-{w.tag}.example"}
    w.secret["contact"] = w.made("b", f"{CONTACTS}/contacts", {**contact, "account_id": ax})["id"]
    opp = {"name": f"Deal {w.tag}", "account_id": ax}
    w.secret["opportunity"] = eventually(
        lambda: (
            (r := w.call("b", "POST", f"{SALES}/opportunities", opp)).status_code == 201
            and r.json()["id"]
        ),
        timeout=20,
        interval=0.3,
    )
    quote = w.made("b", f"{SALES}/quotes", {"account_id": ax, "lines": w.lines()})
    w.secret["quote"] = quote["id"]
    assert w.call("b", "POST", f"{SALES}/quotes/{quote['id']}/approve").status_code == 200
    w.secret["sales_order"] = w.made("b", f"{SALES}/sales-orders", {"quote_id": quote["id"]})["id"]
    w.secret["lead"] = w.made("b", f"{SALES}/leads", {"last_name": "Quiet", "company": "Q"})["id"]
    enquiry = {"account_id": ax, "product_id": w.ids["product"], "quantity": 1}
    w.secret["enquiry"] = w.made("b", f"{SALES}/enquiries", enquiry)["id"]
    invoice = {"account_id": ax, "currency": "EUR", "lines": [invoice_line()]}
    w.secret["invoice"] = eventually(
        lambda: (
            (r := w.call("b", "POST", f"{BILLING}/invoices", invoice)).status_code == 201
            and r.json()["id"]
        ),
        timeout=20,
        interval=0.3,
    )


def invoice_line() -> dict[str, str]:
    return {"description": "Consulting", "quantity": "1", "unit_price": "100.00"}


def problem_shape(resp: requests.Response, target: str) -> tuple[int, str, str]:
    """Status, media type and the problem's type, title, detail and error fields (the id
    asked for replaced: each answer may name the id it was given)."""
    media = resp.headers.get("Content-Type", "").split(";")[0]
    body = resp.json() if media.endswith("json") else {}
    problem = {k: body.get(k) for k in ("type", "title", "detail", "status")}
    problem["errors"] = [e.get("field") for e in body.get("errors") or []]
    return resp.status_code, media, json.dumps(problem, sort_keys=True).replace(target, "<id>")
