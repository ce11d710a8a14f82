"""Security suite, hidden fields: a value hidden from the caller's profile appears on no
read path of contacts (get, list, ``q=``, export, gRPC get and search, timeline, 360 view)
and no query can test it (filters 403 naming the field, ``q=`` and gRPC searches match
nothing; sorts on a hidden field: test_hidden_fields_sales.py). Each path is one case;
the administrator's answers are the control that the value is really there."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import grpc
import pytest
import requests

from crm.contacts.v1 import contacts_pb2, contacts_pb2_grpc

IDENTITY = "/api/identity/v1"
CONTACTS = "/api/contacts/v1"
PASSWORD = "Hidden-horse-battery-9"
PHONE, DIGITS = "+44 161 496 0555", "1614960555"


class Spy:
    def __init__(self, gw: str, admin: dict[str, str]) -> None:
        self.gw, self.admin, self.tag = gw, admin, uuid.uuid4().hex[:8]
        self.headers: dict[str, str] = {}
        self.account: dict[str, Any] = {}
        self.contact: dict[str, Any] = {}

    @property
    def email(self) -> str:
        return f"vault.{self.tag}@hidden.example"

    def get(self, path: str, who: str = "rep", **params: Any) -> requests.Response:
        headers = self.headers if who == "rep" else self.admin
        return requests.get(self.gw + path, params=params, headers=headers, timeout=10)

    def grpc(self, who: str, call: Callable[[Any], Any]) -> Any:
        token = self.headers if who == "rep" else self.admin
        with grpc.insecure_channel(urlsplit(self.gw).netloc) as channel:
            stub = contacts_pb2_grpc.ContactsServiceStub(channel)
            return call(stub, [("authorization", token["Authorization"])])


def _post(gw: str, path: str, body: dict[str, Any], admin: dict[str, str]) -> dict[str, Any]:
    resp = requests.post(gw + path, json=body, headers=admin, timeout=10)
    assert resp.status_code == 201, resp.text
    return resp.json()


@pytest.fixture(scope="module")
def spy(
    gw: str, admin: dict[str, str], sign_in: Callable[..., Any], eventually: Callable[..., Any]
) -> Iterator[Spy]:
    s = Spy(gw, admin)
    work = ["view", "create", "edit", "export"]
    profile = _post(
        gw,
        f"{IDENTITY}/profiles",
        {
            "name": f"Sec Hidden {s.tag}",
            "modules": {"accounts": work, "contacts": work},
            "fields": {
                "accounts": {"phone": "hidden", "email": "hidden"},
                "contacts": {"phone": "hidden", "email": "hidden"},
            },
        },
        admin,
    )
    roles = requests.get(f"{gw}{IDENTITY}/roles", params={"limit": 500}, headers=admin).json()
    ceo = next(r["id"] for r in roles["items"] if r["name"] == "CEO")
    body = {"name": f"Sec Hidden {s.tag}", "parent_id": ceo, "profile_ids": [profile["id"]]}
    role = _post(gw, f"{IDENTITY}/roles", body, admin)
    login = f"sec-hidden.{s.tag}@e2e.test"
    user = {"email": login, "display_name": login, "password": PASSWORD, "role_id": role["id"]}
    owner = _post(gw, f"{IDENTITY}/users", user, admin)["id"]
    s.headers = {"Authorization": f"Bearer {sign_in(login, PASSWORD)['access_token']}"}

    def account() -> dict[str, Any] | None:
        fields = {"name": f"Vault {s.tag}", "phone": PHONE, "email": s.email, "owner_id": owner}
        resp = requests.post(f"{gw}{CONTACTS}/accounts", json=fields, headers=admin, timeout=10)
        assert resp.status_code in (201, 422), resp.text  # 422: owner not known yet
        return resp.json() if resp.status_code == 201 else None

    s.account = eventually(account, timeout=20, interval=0.2)
    s.contact = _post(
        gw,
        f"{CONTACTS}/contacts",
        {
            "last_name": f"Vault{s.tag}",
            "phone": PHONE,
            "email": s.email,
            "account_id": s.account["id"],
            "owner_id": owner,
        },
        admin,
    )
    # The profile has reached contacts once the rep reads the account without its phone.
    path = f"{CONTACTS}/accounts/{s.account['id']}"
    eventually(lambda: (r := s.get(path)).status_code == 200 and "phone" not in r.json())
    yield s


def _secret_free(resp: requests.Response, spy: Spy) -> None:
    assert resp.status_code == 200, resp.text[:300]
    assert PHONE not in resp.text and DIGITS not in resp.text and spy.email not in resp.text


READS = {
    "get account": lambda s: f"{CONTACTS}/accounts/{s.account['id']}",
    "get contact": lambda s: f"{CONTACTS}/contacts/{s.contact['id']}",
    "list accounts": lambda s: f"{CONTACTS}/accounts?limit=500",
    "list contacts": lambda s: f"{CONTACTS}/contacts?limit=500",
    "search by name": lambda s: f"{CONTACTS}/accounts?q=Vault%20{s.tag}",
    "export accounts": lambda s: f"{CONTACTS}/exports?entity=accounts",
    "export contacts": lambda s: f"{CONTACTS}/exports?entity=contacts",
    "account timeline": lambda s: f"{CONTACTS}/accounts/{s.account['id']}/timeline",
    "account 360": lambda s: f"{CONTACTS}/accounts/{s.account['id']}/overview",
    "contact timeline": lambda s: f"{CONTACTS}/contacts/{s.contact['id']}/timeline",
}


@pytest.mark.security("hidden-fields")
@pytest.mark.parametrize("read", list(READS))
def test_the_hidden_values_are_in_no_answer(spy: Spy, read: str) -> None:
    _secret_free(spy.get(READS[read](spy)), spy)


@pytest.mark.security("hidden-fields")
@pytest.mark.parametrize("rpc", ["GetAccount", "SearchAccounts", "GetContact", "SearchContacts"])
def test_the_hidden_values_are_in_no_grpc_answer(spy: Spy, rpc: str) -> None:
    calls = {
        "GetAccount": lambda st, md: st.GetAccount(
            contacts_pb2.GetAccountRequest(id=spy.account["id"]), metadata=md, timeout=10
        ),
        "SearchAccounts": lambda st, md: st.SearchAccounts(
            contacts_pb2.SearchAccountsRequest(query=f"Vault {spy.tag}"), metadata=md, timeout=10
        ),
        "GetContact": lambda st, md: st.GetContact(
            contacts_pb2.GetContactRequest(id=spy.contact["id"]), metadata=md, timeout=10
        ),
        "SearchContacts": lambda st, md: st.SearchContacts(
            contacts_pb2.SearchContactsRequest(query=f"Vault{spy.tag}"), metadata=md, timeout=10
        ),
    }
    mine = str(spy.grpc("rep", calls[rpc]))
    assert spy.tag in mine  # the record itself is there ...
    assert PHONE not in mine and spy.email not in mine  # ... without the hidden values
    assert spy.email in str(spy.grpc("admin", calls[rpc]))


SEARCHES = {
    "accounts q=digits": ("accounts", DIGITS),
    "accounts q=phone": ("accounts", PHONE),
    "accounts q=email": ("accounts", "vault.{tag}"),
    "contacts q=digits": ("contacts", DIGITS),
    "contacts q=email": ("contacts", "vault.{tag}@hidden"),
}


@pytest.mark.security("hidden-fields")
@pytest.mark.parametrize("search", list(SEARCHES))
def test_q_does_not_match_a_hidden_value(spy: Spy, search: str) -> None:
    entity, q = SEARCHES[search]
    q = q.format(tag=spy.tag)
    mine = spy.get(f"{CONTACTS}/{entity}", q=q)
    assert mine.status_code == 200 and mine.json()["items"] == [], mine.text[:300]
    assert spy.get(f"{CONTACTS}/{entity}", "admin", q=q).json()["items"]  # the control


@pytest.mark.security("hidden-fields")
@pytest.mark.parametrize("query", [DIGITS, "vault.{tag}"])
@pytest.mark.parametrize("rpc", ["SearchAccounts", "SearchContacts"])
def test_grpc_searches_do_not_match_a_hidden_value(spy: Spy, rpc: str, query: str) -> None:
    q = query.format(tag=spy.tag)

    def call(stub: Any, md: Any) -> list[str]:
        if rpc == "SearchAccounts":
            answer = stub.SearchAccounts(contacts_pb2.SearchAccountsRequest(query=q), metadata=md)
            return [a.id for a in answer.accounts]
        answer = stub.SearchContacts(contacts_pb2.SearchContactsRequest(query=q), metadata=md)
        return [c.id for c in answer.contacts]

    assert spy.grpc("rep", call) == []
    assert spy.grpc("admin", call)


FILTERS = {
    "accounts phone=": ("accounts", {"phone": DIGITS}, "phone"),
    "accounts email=": ("accounts", {"email": "vault.{tag}@hidden.example"}, "email"),
    "contacts phone=": ("contacts", {"phone": DIGITS}, "phone"),
    "contacts email=": ("contacts", {"email": "vault.{tag}@hidden.example"}, "email"),
    "export with phone=": ("exports", {"entity": "accounts", "phone": DIGITS}, "phone"),
}


@pytest.mark.security("hidden-fields")
@pytest.mark.parametrize("case", list(FILTERS))
def test_a_filter_or_sort_on_a_hidden_field_is_403_naming_it(spy: Spy, case: str) -> None:
    entity, params, param = FILTERS[case]
    params = {k: v.format(tag=spy.tag) for k, v in params.items()}
    resp = spy.get(f"{CONTACTS}/{entity}", **params)
    assert resp.status_code == 403, resp.text[:300]
    assert resp.headers["Content-Type"].startswith("application/problem+json")
    assert param in {e["field"] for e in resp.json().get("errors", [])}
