"""Two customers, each with a portal user, through the gateway: every portal ticket path
(list, get, search, comments, attachments, create, comment, upload, download, gRPC) shows
each only its own account's tickets; the other's ids answer exactly like random ids, and
internal comments, their files and staff-only fields are never reachable."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
import requests

from crm.support.v1 import support_pb2 as pb
from crm.support.v1 import support_pb2_grpc as pb_grpc
from crm_suite_testing.portal import customer
from crm_suite_testing.suite import SUPPORT_ADMIN_EMAIL as ADMIN_EMAIL
from crm_suite_testing.suite import SUPPORT_ADMIN_PASSWORD as ADMIN_PASSWORD
from crm_suite_testing.suite import Suite, password_headers

API = "/api/support/v1"
STAFF_ONLY = {"owner_id", "owner_kind", "time_spent_minutes", "created_by"}


@pytest.fixture(scope="module")
def portal_suite(support_suite: Suite) -> Suite:
    """The session's suite with support (tests/e2e/conftest.py)."""
    return support_suite


@pytest.fixture(scope="module")
def gw(portal_suite: Suite) -> str:
    return portal_suite.gateway_url


@pytest.fixture(scope="module")
def admin(gw: str) -> dict[str, str]:
    return password_headers(gw, ADMIN_EMAIL, ADMIN_PASSWORD)


def _upload(url: str, headers: dict[str, str], data: bytes, name: str) -> Any:
    files = {"file": (name, data, "text/plain")}
    return requests.post(url, files=files, headers=headers, timeout=10)


@pytest.fixture(scope="module")
def two(gw: str, admin: dict[str, str]) -> dict[str, Any]:
    """Each customer opens a ticket in the portal; staff add an internal note and a file."""
    out: dict[str, Any] = {}
    for name in ("Acme", "Globex"):
        c = customer(gw, admin, f"{name} {uuid.uuid4().hex[:6]}")
        opened = requests.post(
            f"{gw}{API}/tickets",
            json={"title": f"{name} printer jams"},
            headers=c["headers"],
            timeout=10,
        )
        assert opened.status_code == 201, opened.text
        tk = opened.json()
        url = f"{gw}{API}/tickets/{tk['id']}"
        note = requests.post(
            f"{url}/comments",
            json={"body": "internal", "is_public": False},
            headers=admin,
            timeout=10,
        )
        assert note.status_code == 201, note.text
        staff_file = _upload(
            f"{url}/comments/{note.json()['id']}/attachments", admin, b"staff only", "n.txt"
        )
        assert staff_file.status_code == 201, staff_file.text
        own_file = _upload(f"{url}/attachments", c["headers"], b"my log", "log.txt")
        assert own_file.status_code == 201, own_file.text
        out[name] = {**c, "ticket": tk, "file": own_file.json(), "staff_file": staff_file.json()}
    return out


def _like_random(gw: str, method: str, path: str, headers: dict, other: str, **kw: Any) -> None:
    """``path`` naming the other customer's id answers as it does for a random id."""
    theirs = requests.request(method, f"{gw}{path}", headers=headers, timeout=10, **kw)
    random = requests.request(
        method, f"{gw}{path.replace(other, str(uuid.uuid4()))}", headers=headers, timeout=10, **kw
    )
    assert theirs.status_code == random.status_code == 404, (path, theirs.text)
    assert theirs.json()["title"] == random.json()["title"]
    assert theirs.headers["Content-Type"].startswith("application/problem+json")


def test_each_customer_reads_only_its_own(gw, two):
    for me, them in (("Acme", "Globex"), ("Globex", "Acme")):
        headers, mine, theirs = two[me]["headers"], two[me]["ticket"], two[them]["ticket"]
        listed = requests.get(f"{gw}{API}/tickets", headers=headers, timeout=10).json()["items"]
        assert [x["id"] for x in listed] == [mine["id"]]
        assert not STAFF_ONLY & set(listed[0])
        for q in ("printer", theirs["number"]):
            found = requests.get(f"{gw}{API}/tickets", params={"q": q}, headers=headers, timeout=10)
            assert theirs["id"] not in {x["id"] for x in found.json()["items"]}
        other = theirs["id"]
        for tail in ("", "/comments", "/attachments", f"/attachments/{two[them]['file']['id']}"):
            _like_random(gw, "GET", f"{API}/tickets/{other}{tail}", headers, other)
        thread = requests.get(
            f"{gw}{API}/tickets/{mine['id']}/comments", headers=headers, timeout=10
        )
        assert thread.json()["items"] == []  # the internal note stays with staff
        files = requests.get(
            f"{gw}{API}/tickets/{mine['id']}/attachments", headers=headers, timeout=10
        )
        assert [f["id"] for f in files.json()["items"]] == [two[me]["file"]["id"]]
        staff_file = f"{API}/tickets/{mine['id']}/attachments/{two[me]['staff_file']['id']}"
        assert requests.get(f"{gw}{staff_file}", headers=headers, timeout=10).status_code == 404


def test_each_customer_writes_only_to_its_own(gw, two):
    acme, globex = two["Acme"], two["Globex"]
    other = globex["ticket"]["id"]
    headers = acme["headers"]
    _like_random(gw, "POST", f"{API}/tickets/{other}/comments", headers, other, json={"body": "hi"})
    files = {"file": ("x.txt", b"x", "text/plain")}
    _like_random(gw, "POST", f"{API}/tickets/{other}/attachments", headers, other, files=files)
    created = requests.post(
        f"{gw}{API}/tickets",
        json={"title": "Mine only", "account_id": globex["account_id"]},
        headers=headers,
        timeout=10,
    )
    assert created.status_code == 201 and created.json()["account_id"] == acme["account_id"]
    mine = requests.get(f"{gw}{API}/tickets", headers=globex["headers"], timeout=10).json()
    assert created.json()["id"] not in {x["id"] for x in mine["items"]}
    comment = requests.post(
        f"{gw}{API}/tickets/{acme['ticket']['id']}/comments",
        json={"body": "any news?", "is_public": False},
        headers=headers,
        timeout=10,
    )
    assert comment.status_code == 201 and comment.json()["is_public"] is True


def test_grpc_answers_each_customer_only_its_own(gw, two):
    acme, globex = two["Acme"], two["Globex"]
    meta = [("authorization", acme["headers"]["Authorization"])]
    with grpc.insecure_channel(gw.removeprefix("http://")) as channel:
        stub = pb_grpc.SupportServiceStub(channel)
        for tid in (globex["ticket"]["id"], str(uuid.uuid4())):
            with pytest.raises(grpc.RpcError) as err:
                stub.GetTicket(pb.GetTicketRequest(id=tid), metadata=meta, timeout=10)
            assert err.value.code() == grpc.StatusCode.NOT_FOUND
        got = stub.GetTicket(
            pb.GetTicketRequest(id=acme["ticket"]["id"]), metadata=meta, timeout=10
        )
        assert got.ticket.created_by == "" and got.ticket.owner_id == ""
        listed = stub.ListTickets(pb.ListTicketsRequest(), metadata=meta, timeout=10)
        assert globex["ticket"]["id"] not in {t.id for t in listed.tickets}
        assert acme["ticket"]["id"] in {t.id for t in listed.tickets}
        found = stub.SearchTickets(
            pb.SearchTicketsRequest(query="printer"), metadata=meta, timeout=10
        )
        assert [t.id for t in found.tickets] == [acme["ticket"]["id"]]
        batch = stub.BatchGetTickets(
            pb.BatchGetTicketsRequest(ids=[globex["ticket"]["id"]]), metadata=meta, timeout=10
        )
        assert list(batch.missing_ids) == [globex["ticket"]["id"]]
