"""Security suite, broken object-level authorisation: two peer reps and a portal user try
to read, list, edit and delete each other's records on the owned modules of contacts, sales
and billing, with the modules' sharing default private. Every attempt is refused without
revealing the record (``404``; the portal user, who holds no module, ``403``), and the
record is unchanged.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

IDENTITY = "/api/identity/v1"
PASSWORD = "Bola-horse-battery-9"
# module -> (collection, body to create, field to edit)
MODULES: dict[str, tuple[str, Any, str]] = {
    "accounts": ("/api/contacts/v1/accounts", {"name": "BOLA Account"}, "name"),
    "contacts": ("/api/contacts/v1/contacts", {"last_name": "BOLA Contact"}, "last_name"),
    "tasks": ("/api/contacts/v1/tasks", {"title": "BOLA Task"}, "title"),
    "events": (
        "/api/contacts/v1/events",
        {"kind": "call", "title": "BOLA Call", "start": "2026-06-01T10:00:00Z"},
        "title",
    ),
    "notes": ("/api/contacts/v1/notes", {"body": "BOLA note"}, "body"),
    "leads": ("/api/sales/v1/leads", {"last_name": "BOLA Lead", "company": "BOLA Co"}, "company"),
    "opportunities": ("/api/sales/v1/opportunities", {"name": "BOLA Deal"}, "name"),
    # Documents on the owner's own account (made first, above).
    "quotes": (
        "/api/sales/v1/quotes",
        lambda w, who: {
            "subject": "BOLA Quote",
            "account_id": w.records[(who, "accounts")]["id"],
            "lines": [{"product_id": w.product_id, "quantity": 1}],
        },
        "subject",
    ),
    "invoices": (
        "/api/billing/v1/invoices",
        lambda w, who: {
            "subject": "BOLA Invoice",
            "account_id": w.records[(who, "accounts")]["id"],
            "currency": "EUR",
            "lines": [{"description": "Work", "quantity": "1", "unit_price": "10.00"}],
        },
        "subject",
    ),
}
SHARING = ["accounts", "tasks", "events", "notes", "leads", "opportunities", "quotes", "invoices"]
# Quotes and invoices are never deleted (cancelled through their status machines instead).
DELETABLE = [m for m in MODULES if m not in ("quotes", "invoices")]


def _post(gw: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    resp = requests.post(gw + path, json=body, headers=headers, timeout=10)
    assert resp.status_code == 201, (path, resp.status_code, resp.text)
    return resp.json()


class World:
    def __init__(self, gw: str, admin: dict[str, str]) -> None:
        self.gw = gw
        self.admin = admin
        self.tag = uuid.uuid4().hex[:8]
        self.headers: dict[str, dict[str, str]] = {}
        self.records: dict[tuple[str, str], dict[str, Any]] = {}
        self.product_id = ""

    def user(self, who: str, sign_in: Callable[..., Any], **fields: Any) -> str:
        email = f"bola-{who}-{self.tag}@e2e.test"
        body = {"email": email, "display_name": f"{who} {self.tag}", "password": PASSWORD}
        made = _post(self.gw, f"{IDENTITY}/users", {**body, **fields}, self.admin)
        token = sign_in(email, PASSWORD)["access_token"]
        self.headers[who] = {"Authorization": f"Bearer {token}"}
        return made["id"]

    def as_(self, who: str, method: str, path: str, **kw: Any) -> requests.Response:
        headers = self.admin if who == "admin" else self.headers[who]
        return requests.request(method, self.gw + path, headers=headers, timeout=10, **kw)


def _defaults(world: World) -> dict[str, str]:
    resp = world.as_("admin", "GET", f"{IDENTITY}/sharing-defaults")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    items = body.get("items", body) if isinstance(body, dict) else body
    if isinstance(items, dict):
        return {m: (v["access"] if isinstance(v, dict) else v) for m, v in items.items()}
    return {i["module"]: i["access"] for i in items}


def _set_default(world: World, module: str, access: str) -> None:
    resp = world.as_(
        "admin", "PUT", f"{IDENTITY}/sharing-defaults/{module}", json={"access": access}
    )
    assert resp.status_code == 200, resp.text


@pytest.fixture(scope="module")
def world(
    gw: str, admin: dict[str, str], sign_in: Callable[..., Any], eventually: Callable[..., Any]
) -> Iterator[World]:
    w = World(gw, admin)
    before = _defaults(w)
    work = ["view", "create", "edit", "delete"]
    profile = _post(
        gw,
        f"{IDENTITY}/profiles",
        {
            "name": f"BOLA Rep {w.tag}",
            "modules": {**{m: work for m in MODULES}, "products": ["view"]},
        },
        admin,
    )
    product = {"code": f"BOLA-{w.tag}", "name": "BOLA Widget", "unit_price": "10.00"}
    w.product_id = _post(gw, "/api/sales/v1/products", {**product, "currency": "EUR"}, admin)["id"]
    roles = requests.get(f"{gw}{IDENTITY}/roles", params={"limit": 500}, headers=admin).json()
    ceo = next(r["id"] for r in roles["items"] if r["name"] == "CEO")
    role = _post(
        gw,
        f"{IDENTITY}/roles",
        {"name": f"BOLA Rep {w.tag}", "parent_id": ceo, "profile_ids": [profile["id"]]},
        admin,
    )
    for module in SHARING:
        _set_default(w, module, "private")
    for who in ("rep_a", "rep_b"):
        w.user(who, sign_in, role_id=role["id"])
    for who in ("rep_a", "rep_b"):
        for module in MODULES:
            eventually(lambda m=module, o=who: _create(w, o, m), timeout=20)
    portal_of = w.records[("rep_a", "accounts")]["id"]
    w.user("portal", sign_in, kind="portal", account_id=portal_of, contact_id=str(uuid.uuid4()))
    # The private defaults reach contacts and sales through identity's policy event.
    for module, (path, _, _) in MODULES.items():
        rid = w.records[("rep_a", module)]["id"]
        eventually(lambda p=path, r=rid: w.as_("rep_b", "GET", f"{p}/{r}").status_code == 404)
    yield w
    for module in SHARING:
        if module in before:
            _set_default(w, module, before[module])


def _create(w: World, who: str, module: str) -> bool:
    path, body, field = MODULES[module]
    body = body(w, who) if callable(body) else body
    named = {**body, field: f"{body[field]} {who} {w.tag}"}
    if module == "notes":  # a note hangs on a record: its owner's account
        named.update(related_type="account", related_id=w.records[(who, "accounts")]["id"])
    resp = w.as_(who, "POST", path, json=named)
    if resp.status_code == 422 and "owner" in resp.text:  # not in the owner directory yet
        return False
    assert resp.status_code == 201, (module, resp.status_code, resp.text)
    w.records[(who, module)] = resp.json()
    return True


CASES = [("rep_b", "rep_a"), ("rep_a", "rep_b"), ("portal", "rep_a")]


def _refused(world: World, attacker: str, resp: requests.Response) -> None:
    # A peer learns nothing (404, never 403); the portal user holds no module at all.
    wanted = {403, 404} if attacker == "portal" else {404}
    assert resp.status_code in wanted, (resp.status_code, resp.text[:200])
    assert resp.headers["Content-Type"].startswith("application/problem+json")


def _unchanged(world: World, module: str, record: dict[str, Any]) -> None:
    path, _, field = MODULES[module]
    now = world.as_("admin", "GET", f"{path}/{record['id']}")
    assert now.status_code == 200, now.text
    assert now.json()[field] == record[field]


@pytest.mark.security("bola")
@pytest.mark.parametrize("module", list(MODULES))
@pytest.mark.parametrize(("attacker", "victim"), CASES)
def test_another_users_record_cannot_be_read(world, module, attacker, victim):
    path, _, _ = MODULES[module]
    record = world.records[(victim, module)]
    _refused(world, attacker, world.as_(attacker, "GET", f"{path}/{record['id']}"))


#: Modules whose lists a portal user may read (its own account's records only).
PORTAL_LISTS = frozenset({"quotes", "invoices"})


@pytest.mark.security("bola")
@pytest.mark.parametrize("module", list(MODULES))
@pytest.mark.parametrize(("attacker", "victim"), CASES)
def test_another_users_record_is_not_listed(world, module, attacker, victim):
    path, _, _ = MODULES[module]
    record = world.records[(victim, module)]
    resp = world.as_(attacker, "GET", path, params={"limit": 500})
    if attacker == "portal" and module not in PORTAL_LISTS:
        _refused(world, attacker, resp)
        return
    # Staff lists, and the portal's own-account lists of quotes and invoices
    # (portal.<module>.read): answered, without the other's record.
    assert resp.status_code == 200, resp.text
    assert record["id"] not in {item["id"] for item in resp.json()["items"]}


@pytest.mark.security("bola")
@pytest.mark.parametrize("module", list(MODULES))
@pytest.mark.parametrize(("attacker", "victim"), CASES)
def test_another_users_record_cannot_be_edited(world, module, attacker, victim):
    path, _, field = MODULES[module]
    record = world.records[(victim, module)]
    resp = world.as_(attacker, "PATCH", f"{path}/{record['id']}", json={field: "Taken over"})
    _refused(world, attacker, resp)
    _unchanged(world, module, record)


@pytest.mark.security("bola")
@pytest.mark.parametrize("module", DELETABLE)
@pytest.mark.parametrize(("attacker", "victim"), CASES)
def test_another_users_record_cannot_be_deleted(world, module, attacker, victim):
    path, _, _ = MODULES[module]
    record = world.records[(victim, module)]
    _refused(world, attacker, world.as_(attacker, "DELETE", f"{path}/{record['id']}"))
    _unchanged(world, module, record)
