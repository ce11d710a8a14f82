"""Issues 12 and 13 through the gateway: support's cross-service reads carry the caller's rights.

Two reps, A and B, peers under one manager; accounts (with their contacts), tickets and
service contracts private. B owns the account X, a contact at it, a ticket and a service
contract on it. Wherever support asks contacts (a ticket's account and contact, a
contract's account) or contacts asks support (a task's, note's or event's ticket, the 360
view's tickets) on A's behalf, X or B's record answers exactly like an id nobody has: the
same status and problem+json shape, nothing of X in the body. A's 360 view of A's own
account never lists B's tickets on it. ``CROSS_SERVICE_PATHS`` in
test_caller_rights_matrix.py names these tests as the proofs of support's paths.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

from crm_suite_testing.deputy import CONTACTS, IDENTITY, PASSWORD, World, problem_shape
from crm_suite_testing.suite import (
    SUPPORT_ADMIN_EMAIL,
    SUPPORT_ADMIN_PASSWORD,
    Suite,
    password_headers,
)

SUPPORT = "/api/support/v1"
ACTIVITIES = {"tasks": {"title": "Call back"}, "notes": {"body": "Spoke to them"}}
ACTIVITIES["events"] = {"kind": "call", "title": "Call", "start": "2027-01-05T10:00:00Z"}
WORK = ["view", "create", "edit", "delete"]
PRIVATE = ("accounts", "tickets", "service_contracts")


@pytest.fixture(scope="module")
def w(support_suite: Suite, eventually: Callable[..., Any]) -> World:
    gw = support_suite.gateway_url
    world = World(gw, password_headers(gw, SUPPORT_ADMIN_EMAIL, SUPPORT_ADMIN_PASSWORD))
    for module in PRIVATE:
        body = {"access": "private"}
        resp = world.call("admin", "PUT", f"{IDENTITY}/sharing-defaults/{module}", body)
        assert resp.status_code == 200, resp.text
    _reps(world)
    _b_support(world, eventually)
    y = world.made("a", f"{CONTACTS}/accounts", {"name": f"Open {world.tag}"})["id"]
    world.ids["y"] = y
    mine = {"title": f"Mine {world.tag}", "account_id": y}
    world.ids["a_ticket"] = world.made("a", f"{SUPPORT}/tickets", mine)["id"]
    assert (
        world.call("a", "GET", f"{CONTACTS}/accounts/{world.secret['account']}").status_code == 404
    )
    assert world.call("a", "GET", f"{SUPPORT}/tickets/{world.secret['ticket']}").status_code == 404
    return world


def _reps(w: World) -> None:
    """A and B: peers under the CEO in one role whose profile works customers and support."""
    modules = ("accounts", "contacts", "tickets", "service_contracts", *ACTIVITIES)
    body = {"name": f"E2E Support Rights {w.tag}", "modules": {m: WORK for m in modules}}
    body["modules"]["products"] = ["view"]
    profile = w.made("admin", f"{IDENTITY}/profiles", body)["id"]
    roles = w.call("admin", "GET", f"{IDENTITY}/roles?limit=500").json()["items"]
    ceo = next(r["id"] for r in roles if r["name"] == "CEO")
    role = {"name": f"E2E Support Rep {w.tag}", "parent_id": ceo, "profile_ids": [profile]}
    role_id = w.made("admin", f"{IDENTITY}/roles", role)["id"]
    for who in ("a", "b"):
        email = f"rights.{who}.{w.tag}@e2e.test"
        user = {"email": email, "display_name": f"{who} {w.tag}", "password": PASSWORD}
        w.ids[who] = w.made("admin", f"{IDENTITY}/users", {**user, "role_id": role_id})["id"]
        w.headers[who] = password_headers(w.gw, email, PASSWORD)


def _b_support(w: World, eventually: Callable[..., Any]) -> None:
    """X, its contact, a ticket and a service contract, all B's (once support knows B)."""
    x = {"name": f"Secretive {w.tag} Holdings", "website": f"https://secretive-{w.tag}.example"}
    w.secret["account"] = ax = w.made("b", f"{CONTACTS}/accounts", x)["id"]
    contact = {"last_name": f"Hiddenson{w.tag}", "account_id": ax}
    w.secret["contact"] = w.made("b", f"{CONTACTS}/contacts", contact)["id"]
    ticket = {"title": f"Secret trouble {w.tag}", "account_id": ax}
    ticket["contact_id"] = w.secret["contact"]
    w.secret["ticket"] = eventually(lambda: _made_id(w, "b", "tickets", ticket), timeout=20)
    contract = {"account_id": ax, "subject": f"Secret care {w.tag}"}
    contract |= {"start_date": "2027-01-01", "end_date": "2027-12-31"}
    w.secret["contract"] = w.made("b", f"{SUPPORT}/service-contracts", contract)["id"]


def _made_id(w: World, who: str, what: str, body: dict[str, Any]) -> str | None:
    resp = w.call(who, "POST", f"{SUPPORT}/{what}", body)
    return resp.json()["id"] if resp.status_code == 201 else None


def _revealing(w: World) -> list[str]:
    """What of X and B's records must never reach A."""
    names = [f"Secretive {w.tag}", f"secretive-{w.tag}", f"Hiddenson{w.tag}"]
    return [*names, f"Secret trouble {w.tag}", f"Secret care {w.tag}"]


Case = Callable[[World, str], requests.Response]


def _ticket(w: World, **refs: str) -> requests.Response:
    return w.call("a", "POST", f"{SUPPORT}/tickets", {"title": "Help", **refs})


def _change(w: World, **refs: str) -> requests.Response:
    return w.call("a", "PATCH", f"{SUPPORT}/tickets/{w.ids['a_ticket']}", refs)


def _contract(w: World, t: str) -> requests.Response:
    body = {"account_id": t, "subject": "Care", "start_date": "2027-01-01"}
    return w.call("a", "POST", f"{SUPPORT}/service-contracts", {**body, "end_date": "2027-06-30"})


def _related(activity: str) -> Case:
    def ask(w: World, t: str) -> requests.Response:
        body = {**ACTIVITIES[activity], "related_type": "ticket", "related_id": t}
        return w.call("a", "POST", f"{CONTACTS}/{activity}", body)

    return ask


#: case -> (the kind of B's record asked for, the answer for it and a random id, how A asks):
#: a reference check answers 422 naming the field, a path's id 404; never 403, which would
#: be A's missing permission and prove nothing of the path.
CASES: dict[str, tuple[str, int, Case]] = {
    "ticket_create_account": ("account", 422, lambda w, t: _ticket(w, account_id=t)),
    "ticket_create_contact": (
        "contact",
        422,
        lambda w, t: _ticket(w, account_id=w.ids["y"], contact_id=t),
    ),
    "ticket_change_account": ("account", 422, lambda w, t: _change(w, account_id=t)),
    "ticket_change_contact": (
        "contact",
        422,
        lambda w, t: _change(w, account_id=w.ids["y"], contact_id=t),
    ),
    "contract_create_account": ("account", 422, _contract),
    "overview": (
        "account",
        404,
        lambda w, t: w.call("a", "GET", f"{CONTACTS}/accounts/{t}/overview"),
    ),
    **{f"{a}_on_ticket": ("ticket", 422, _related(a)) for a in ACTIVITIES},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_secret_record_answers_like_an_id_nobody_has(w: World, case: str) -> None:
    kind, status, ask = CASES[case]
    secret, nobody = w.secret[kind], str(uuid.uuid4())
    theirs, random = ask(w, secret), ask(w, nobody)
    assert theirs.status_code == status, (case, theirs.status_code, theirs.text)
    assert theirs.headers["Content-Type"].startswith("application/problem+json"), theirs.text
    assert problem_shape(theirs, secret) == problem_shape(random, nobody), (
        case,
        theirs.text,
        random.text,
    )
    for value in _revealing(w):
        assert value not in theirs.text, (case, value)


def test_nothing_was_written_for_the_refused_requests(w: World) -> None:
    """The refused opens, changes and contracts left A's ticket and A's lists untouched."""
    mine = w.call("a", "GET", f"{SUPPORT}/tickets/{w.ids['a_ticket']}").json()
    assert mine["account_id"] == w.ids["y"] and mine.get("contact_id") is None
    admin_view = w.call("admin", "GET", f"{SUPPORT}/tickets?account_id={w.secret['account']}")
    assert [t["id"] for t in admin_view.json()["items"]] == [w.secret["ticket"]]
    contracts = w.call(
        "admin", "GET", f"{SUPPORT}/service-contracts?account_id={w.secret['account']}"
    )
    assert [c["id"] for c in contracts.json()["items"]] == [w.secret["contract"]]


def test_the_admin_sees_what_a_is_refused(w: World) -> None:
    """The cases above are refusals of rights, not broken requests: the administrator's
    same requests on X succeed."""
    body = {"title": "Admin help", "account_id": w.secret["account"]}
    body["contact_id"] = w.secret["contact"]
    assert w.call("admin", "POST", f"{SUPPORT}/tickets", body).status_code == 201
    note = {"body": "Seen", "related_type": "ticket", "related_id": w.secret["ticket"]}
    assert w.call("admin", "POST", f"{CONTACTS}/notes", note).status_code == 201
    overview = w.call("admin", "GET", f"{CONTACTS}/accounts/{w.secret['account']}/overview")
    assert overview.status_code == 200 and f"Secretive {w.tag}" in overview.text


def test_the_360_view_never_lists_b_tickets_on_a_own_account(
    w: World, eventually: Callable[..., Any]
) -> None:
    """B's ticket on A's account Y (filed by the administrator) is in the administrator's
    360 view of Y, never in A's; A's own ticket on Y is."""
    body = {"title": f"Secret {w.tag} on Y", "account_id": w.ids["y"], "owner_id": w.ids["b"]}
    theirs = w.made("admin", f"{SUPPORT}/tickets", body)["id"]
    url = f"{CONTACTS}/accounts/{w.ids['y']}/overview"

    def tickets(who: str) -> Any:
        got = w.call(who, "GET", url)
        part = got.json().get("tickets", {}) if got.status_code == 200 else {}
        return part.get("status") == "ok" and w.ids["a_ticket"] in got.text and got

    assert theirs in eventually(lambda: tickets("admin"), timeout=20).text
    mine = eventually(lambda: tickets("a"), timeout=20)
    assert theirs not in mine.text and f"Secret {w.tag}" not in mine.text, mine.text
