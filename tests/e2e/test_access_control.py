"""Issue 3 through the gateway: identity's access model enforced by contacts, end to end.

An administrator builds a small organisation over identity's admin API (a manager above two
peer reps, a support user beside them, their own profile with field modes); the reps sign
in and work in contacts. Every decision is observed from outside: HTTP status codes, the
fields present in answers (REST, search, export and gRPC), and how soon a policy change
reaches contacts (no restart; identity's event feeds contacts' local copy).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import grpc
import pytest
import requests

from crm.contacts.v1 import contacts_pb2, contacts_pb2_grpc

IDENTITY = "/api/identity/v1"
CONTACTS = "/api/contacts/v1"
PASSWORD = "Corr3ct-horse-battery"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Org:
    """The organisation this module builds, and helpers to act as its members."""

    def __init__(self, gw: str, admin: dict[str, str], sign_in: Callable[..., Any]) -> None:
        self.gw = gw
        self.admin = admin
        self.sign_in = sign_in
        self.tokens: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self.tag = uuid.uuid4().hex[:8]

    def post(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
        resp = requests.post(f"{self.gw}{path}", json=body, headers=headers, timeout=10)
        assert resp.status_code == 201, (path, resp.status_code, resp.text)
        return resp.json()

    def as_(self, who: str) -> dict[str, str]:
        return bearer(self.tokens[who])

    def request(self, who: str, method: str, path: str, **kw: Any) -> requests.Response:
        return requests.request(method, f"{self.gw}{path}", headers=self.as_(who), timeout=10, **kw)

    def account(self, who: str, name: str, **fields: Any) -> dict[str, Any]:
        return self.post(
            f"{CONTACTS}/accounts", {"name": f"{name} {self.tag}", **fields}, self.as_(who)
        )

    def set_default(self, module: str, access: str) -> None:
        resp = requests.put(
            f"{self.gw}{IDENTITY}/sharing-defaults/{module}",
            json={"access": access},
            headers=self.admin,
            timeout=10,
        )
        assert resp.status_code == 200, resp.text


def role_id(gw: str, admin: dict[str, str], name: str) -> str:
    resp = requests.get(f"{gw}{IDENTITY}/roles", params={"limit": 500}, headers=admin, timeout=10)
    assert resp.status_code == 200, resp.text
    return next(r["id"] for r in resp.json()["items"] if r["name"] == name)


@pytest.fixture(scope="module")
def org(gw: str, admin: dict[str, str], sign_in: Callable[..., Any]) -> Iterator[Org]:
    o = Org(gw, admin, sign_in)
    work = ["view", "create", "edit", "delete"]
    sales = o.post(
        f"{IDENTITY}/profiles",
        {
            "name": f"E2E Sales {o.tag}",
            "modules": {"accounts": [*work, "export"], "contacts": work},
            "fields": {"accounts": {"annual_revenue": "read_only", "fax": "hidden"}},
        },
        admin,
    )
    reader = o.post(
        f"{IDENTITY}/profiles",
        {"name": f"E2E Reader {o.tag}", "modules": {"accounts": ["view"]}},
        admin,
    )
    o.ids["sales_profile"] = sales["id"]
    ceo = role_id(gw, admin, "CEO")
    manager = o.post(
        f"{IDENTITY}/roles",
        {"name": f"E2E Manager {o.tag}", "parent_id": ceo, "profile_ids": [sales["id"]]},
        admin,
    )
    rep = o.post(
        f"{IDENTITY}/roles",
        {"name": f"E2E Rep {o.tag}", "parent_id": manager["id"], "profile_ids": [sales["id"]]},
        admin,
    )
    support = o.post(
        f"{IDENTITY}/roles",
        {"name": f"E2E Support {o.tag}", "parent_id": ceo, "profile_ids": [reader["id"]]},
        admin,
    )
    o.ids.update(manager_role=manager["id"], rep_role=rep["id"], support_role=support["id"])
    for who, role in (("mgr", manager), ("rep_a", rep), ("rep_b", rep), ("sup", support)):
        user = o.post(
            f"{IDENTITY}/users",
            {
                "email": f"{who}.{o.tag}@e2e.test",
                "display_name": f"{who} {o.tag}",
                "password": PASSWORD,
                "role_id": role["id"],
            },
            admin,
        )
        o.ids[who] = user["id"]
        o.tokens[who] = sign_in(f"{who}.{o.tag}@e2e.test", PASSWORD)["access_token"]
    o.set_default("accounts", "private")
    yield o
    o.set_default("accounts", "private")


def wait_for(check: Callable[[], Any], eventually: Callable[..., Any]) -> Any:
    return eventually(check, timeout=20, interval=0.2)


@pytest.fixture(scope="module")
def records(org: Org, eventually: Callable[..., Any]) -> dict[str, dict[str, Any]]:
    """One account per member, made by the administrator (the reps may not set the hidden
    ``fax``) once the new users have reached contacts' owner directory."""

    def create(who: str, name: str) -> dict[str, Any] | None:
        resp = requests.post(
            f"{org.gw}{CONTACTS}/accounts",
            json={"name": f"{name} {org.tag}", "fax": "+1 555 0100", "owner_id": org.ids[who]},
            headers=org.admin,
            timeout=10,
        )
        assert resp.status_code in (201, 422), resp.text  # 422: owner not known yet
        return resp.json() if resp.status_code == 201 else None

    made = {
        "mgr": wait_for(lambda: create("mgr", "Managers Ltd"), eventually),
        "rep_a": wait_for(lambda: create("rep_a", "Alpha Traders"), eventually),
        "rep_b": wait_for(lambda: create("rep_b", "Beta Traders"), eventually),
    }
    return made


def status(org: Org, who: str, method: str, account_id: str, **kw: Any) -> int:
    return org.request(who, method, f"{CONTACTS}/accounts/{account_id}", **kw).status_code


def list_ids(org: Org, who: str, **params: Any) -> set[str]:
    resp = org.request(who, "GET", f"{CONTACTS}/accounts", params={"limit": 500, **params})
    assert resp.status_code == 200, resp.text
    return {a["id"] for a in resp.json()["items"]}


# -- hierarchy, private sharing, and existence never leaking ------------------------------


def test_a_manager_sees_subordinates_and_peers_see_nothing_of_each_other(org, records):
    org.set_default("accounts", "private")
    mgr, rep_a, rep_b = (records[k]["id"] for k in ("mgr", "rep_a", "rep_b"))
    assert status(org, "mgr", "GET", rep_a) == 200
    assert status(org, "mgr", "GET", rep_b) == 200
    assert {rep_a, rep_b, mgr} <= list_ids(org, "mgr", q=org.tag)
    # Peers under Private: the other's record does not exist for them.
    assert status(org, "rep_a", "GET", rep_b) == 404
    assert status(org, "rep_a", "GET", mgr) == 404  # never upwards either
    assert list_ids(org, "rep_a", q=org.tag) == {rep_a}
    assert status(org, "rep_a", "GET", rep_a) == 200


def test_guessing_or_iterating_ids_yields_only_404(org, records):
    org.set_default("accounts", "private")
    hidden = records["rep_b"]["id"]
    invented = [str(uuid.uuid4()) for _ in range(3)]
    answers = []
    for account_id in [hidden, *invented]:
        for method, kw in (("GET", {}), ("PATCH", {"json": {"name": "x"}}), ("DELETE", {})):
            resp = org.request("rep_a", method, f"{CONTACTS}/accounts/{account_id}", **kw)
            answers.append((resp.status_code, resp.json()["title"]))
    # Existing-but-invisible and never-existing answer identically.
    assert set(answers) == {(404, answers[0][1])}
    assert status(org, "mgr", "GET", hidden) == 200  # it is still there


# -- the table: roles x actions x sharing defaults ---------------------------------------

# What rep_a may do to rep_b's account (a peer's), to its own, and what the reader profile
# (support: accounts view only) may do to rep_a's, under each default.
TABLE = [
    # default, peer view, peer edit, peer delete, support view
    ("private", 404, 404, 404, 404),
    ("public_read", 200, 403, 403, 200),
    ("public_read_write", 200, 200, 403, 200),
    ("public_read_write_delete", 200, 200, 204, 200),
]


@pytest.mark.parametrize(("default", "view", "edit", "delete", "support_view"), TABLE)
def test_default_sharing_table(org, records, eventually, default, view, edit, delete, support_view):
    peer_account = org.account("rep_b", f"Peer {default}")
    own = records["rep_a"]["id"]
    org.set_default("accounts", default)
    # The change travels identity -> event -> contacts' copy: wait until it is visible.
    wait_for(lambda: status(org, "rep_a", "GET", peer_account["id"]) == view, eventually)
    assert status(org, "rep_a", "PATCH", peer_account["id"], json={"name": "renamed"}) == edit
    assert status(org, "rep_a", "DELETE", peer_account["id"]) == delete
    # Accounts and contacts share one setting (docs/domain.md): the contacts module follows.
    peer_contact = org.post(
        f"{CONTACTS}/contacts", {"last_name": f"Peer {default} {org.tag}"}, org.as_("rep_b")
    )
    contact_path = f"{CONTACTS}/contacts/{peer_contact['id']}"
    assert org.request("rep_a", "GET", contact_path).status_code == view
    assert org.request("rep_a", "PATCH", contact_path, json={"title": "x"}).status_code == edit
    assert status(org, "sup", "GET", own) == support_view
    # The profile bounds everything: support may never change or create accounts.
    assert status(org, "sup", "PATCH", own, json={"name": "nope"}) in {403, 404}
    assert org.request("sup", "POST", f"{CONTACTS}/accounts", json={"name": "x"}).status_code == 403
    # One's own records are always fully one's own.
    assert status(org, "rep_a", "GET", own) == 200
    org.set_default("accounts", "private")
    wait_for(lambda: status(org, "rep_a", "GET", records["rep_b"]["id"]) == 404, eventually)


def test_a_sharing_rule_opens_exactly_what_it_says(org, records, eventually):
    org.set_default("accounts", "private")
    rule = org.post(
        f"{IDENTITY}/sharing-rules",
        {
            "module": "accounts",
            "source_kind": "role",
            "source_id": org.ids["rep_role"],
            "target_kind": "role",
            "target_id": org.ids["support_role"],
            "access": "read",
        },
        org.admin,
    )
    try:
        rep_a = records["rep_a"]["id"]
        wait_for(lambda: status(org, "sup", "GET", rep_a) == 200, eventually)
        assert status(org, "sup", "GET", records["rep_b"]["id"]) == 200
        assert status(org, "sup", "GET", records["mgr"]["id"]) == 404  # not from the rule
        assert status(org, "rep_b", "GET", rep_a) == 404  # the rule is for support only
        assert status(org, "sup", "PATCH", rep_a, json={"name": "no"}) == 403  # read-only
    finally:
        resp = requests.delete(
            f"{org.gw}{IDENTITY}/sharing-rules/{rule['id']}", headers=org.admin, timeout=10
        )
        assert resp.status_code == 204, resp.text
    wait_for(lambda: status(org, "sup", "GET", records["rep_a"]["id"]) == 404, eventually)


# -- field access ---------------------------------------------------------------------------


def grpc_account(gw: str, token: str, account_id: str) -> Any:
    with grpc.insecure_channel(gw.removeprefix("http://")) as channel:
        stub = contacts_pb2_grpc.ContactsServiceStub(channel)
        return stub.GetAccount(
            contacts_pb2.GetAccountRequest(id=account_id),
            metadata=[("authorization", f"Bearer {token}")],
            timeout=10,
        ).account


def test_a_hidden_field_appears_in_no_answer(org, records):
    own = records["rep_a"]["id"]
    got = org.request("rep_a", "GET", f"{CONTACTS}/accounts/{own}").json()
    assert "fax" not in got and "name" in got
    listed = org.request("rep_a", "GET", f"{CONTACTS}/accounts", params={"q": org.tag}).json()
    assert listed["items"] and all("fax" not in item for item in listed["items"])
    # Export needs its own permission (the reader profile lacks it).
    refused = org.request("sup", "GET", f"{CONTACTS}/exports", params={"entity": "accounts"})
    assert refused.status_code == 403
    exported = org.request("rep_a", "GET", f"{CONTACTS}/exports", params={"entity": "accounts"})
    assert exported.status_code == 200, exported.text
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert rows and "fax" not in rows[0] and own in {r["id"] for r in rows}
    assert grpc_account(org.gw, org.tokens["rep_a"], own).fax == ""
    # The administrator sees the value the rep cannot.
    assert org.request("mgr", "GET", f"{CONTACTS}/accounts/{own}").json().get("fax") is None
    admin_view = requests.get(f"{org.gw}{CONTACTS}/accounts/{own}", headers=org.admin, timeout=10)
    assert admin_view.json()["fax"] == "+1 555 0100"
    assert grpc_account(org.gw, org.admin["Authorization"][7:], own).fax == "+1 555 0100"


def test_a_read_only_field_cannot_be_changed(org, records):
    own = records["rep_a"]["id"]
    resp = org.request(
        "rep_a",
        "PATCH",
        f"{CONTACTS}/accounts/{own}",
        json={"annual_revenue": {"amount": "1000.00", "currency": "EUR"}},
    )
    assert resp.status_code == 403, resp.text
    problem = resp.json()
    assert "annual_revenue" in problem["detail"]
    assert problem["errors"][0]["field"] == "annual_revenue"
    assert resp.headers["Content-Type"].startswith("application/problem+json")
    # Nothing changed.
    after = org.request("rep_a", "GET", f"{CONTACTS}/accounts/{own}").json()
    assert after["annual_revenue"] is None
    # A hidden field cannot be written either, and an ordinary field still can.
    assert status(org, "rep_a", "PATCH", own, json={"fax": "1"}) == 403
    assert status(org, "rep_a", "PATCH", own, json={"description": "ok"}) == 200


def test_a_profile_change_reaches_contacts_within_seconds(org, records, eventually):
    own = records["rep_a"]["id"]
    profile = f"{org.gw}{IDENTITY}/profiles/{org.ids['sales_profile']}"
    fields = {"accounts": {"annual_revenue": "read_only", "fax": "hidden", "phone": "hidden"}}
    resp = requests.patch(profile, json={"fields": fields}, headers=org.admin, timeout=10)
    assert resp.status_code == 200, resp.text
    try:
        wait_for(
            lambda: "phone" not in org.request("rep_a", "GET", f"{CONTACTS}/accounts/{own}").json(),
            eventually,
        )
    finally:
        fields["accounts"].pop("phone")
        resp = requests.patch(profile, json={"fields": fields}, headers=org.admin, timeout=10)
        assert resp.status_code == 200, resp.text
    wait_for(
        lambda: "phone" in org.request("rep_a", "GET", f"{CONTACTS}/accounts/{own}").json(),
        eventually,
    )


def test_moving_a_user_to_another_role_changes_what_they_see(org, records, eventually):
    org.set_default("accounts", "private")
    target = records["rep_b"]["id"]
    assert status(org, "rep_a", "GET", target) == 404
    user = f"{org.gw}{IDENTITY}/users/{org.ids['rep_a']}"
    resp = requests.patch(
        user, json={"role_id": org.ids["manager_role"]}, headers=org.admin, timeout=10
    )
    assert resp.status_code == 200, resp.text
    try:
        # Same token: the decision follows identity's policy, not the token's claims.
        wait_for(lambda: status(org, "rep_a", "GET", target) == 200, eventually)
    finally:
        resp = requests.patch(
            user, json={"role_id": org.ids["rep_role"]}, headers=org.admin, timeout=10
        )
        assert resp.status_code == 200, resp.text
    wait_for(lambda: status(org, "rep_a", "GET", target) == 404, eventually)
