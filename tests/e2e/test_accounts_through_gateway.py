"""A user of the suite signs in and works with accounts through Traefik, over REST and gRPC."""

from __future__ import annotations

import grpc
import requests
from openapi_spec_validator import validate

from crm.contacts.v1 import contacts_pb2, contacts_pb2_grpc

PROBLEM = "application/problem+json"


def test_account_lifecycle_through_the_gateway(gw, admin):
    base = f"{gw}/api/contacts/v1/accounts"
    created = requests.post(
        base,
        json={
            "name": "Acme Gateway Ltd",
            "account_type": "Customer",
            "industry": "Banking",
            "website": "https://acme.example",
            "tags": ["vip"],
        },
        headers=admin,
        timeout=10,
    )
    assert created.status_code == 201, created.text
    account = created.json()
    assert created.headers["Location"].endswith(account["id"])

    got = requests.get(f"{base}/{account['id']}", headers=admin, timeout=10)
    assert got.status_code == 200 and got.json()["name"] == "Acme Gateway Ltd"
    etag = got.headers["ETag"]

    patched = requests.patch(
        f"{base}/{account['id']}",
        json={"phone": "+44 20 7946 0000"},
        headers={**admin, "If-Match": etag},
        timeout=10,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["phone"] == "+44 20 7946 0000"
    stale = requests.patch(
        f"{base}/{account['id']}",
        json={"phone": "0"},
        headers={**admin, "If-Match": etag},
        timeout=10,
    )
    assert stale.status_code == 412 and stale.headers["Content-Type"].startswith(PROBLEM)

    listed = requests.get(base, params={"q": "acme gateway"}, headers=admin, timeout=10)
    assert listed.status_code == 200
    assert account["id"] in [item["id"] for item in listed.json()["items"]]

    deleted = requests.delete(f"{base}/{account['id']}", headers=admin, timeout=10)
    assert deleted.status_code == 204
    gone = requests.get(f"{base}/{account['id']}", headers=admin, timeout=10)
    assert gone.status_code == 404 and gone.headers["Content-Type"].startswith(PROBLEM)


def test_the_same_account_over_grpc_through_the_gateway(suite, gw, admin, admin_token):
    created = requests.post(
        f"{gw}/api/contacts/v1/accounts",
        json={"name": "Grpc Route Corp"},
        headers=admin,
        timeout=10,
    ).json()
    target = gw.removeprefix("http://")
    with grpc.insecure_channel(target) as channel:
        stub = contacts_pb2_grpc.ContactsServiceStub(channel)
        reply = stub.GetAccount(
            contacts_pb2.GetAccountRequest(id=created["id"]),
            metadata=[("authorization", f"Bearer {admin_token}")],
            timeout=10,
        )
        assert reply.account.id == created["id"]
        assert reply.account.name == "Grpc Route Corp"
        try:
            stub.GetAccount(contacts_pb2.GetAccountRequest(id=created["id"]), timeout=10)
        except grpc.RpcError as err:
            assert err.code() == grpc.StatusCode.UNAUTHENTICATED
        else:
            raise AssertionError("a gRPC call without a token was answered")


def test_every_service_openapi_document_validates(gw):
    for service in ("identity", "contacts"):
        resp = requests.get(f"{gw}/api/{service}/v1/openapi.json", timeout=10)
        assert resp.status_code == 200
        validate(resp.json())


def test_bad_input_through_the_gateway_gets_problem_json(gw, admin):
    base = f"{gw}/api/contacts/v1/accounts"
    cases = [
        (
            requests.post(
                base,
                data="{oops",
                headers={**admin, "Content-Type": "application/json"},
                timeout=10,
            ),
            400,
        ),
        (
            requests.post(
                base, data="name=x", headers={**admin, "Content-Type": "text/plain"}, timeout=10
            ),
            415,
        ),
        (
            requests.post(
                base,
                data="x" * (3 * 1024 * 1024),
                headers={**admin, "Content-Type": "application/json"},
                timeout=30,
            ),
            413,
        ),
        (requests.post(base, json={"name": "X", "nonsense": 1}, headers=admin, timeout=10), 422),
        (requests.get(base, params={"cursor": "%%%not-a-cursor"}, headers=admin, timeout=10), 400),
        (requests.get(f"{base}/not-a-uuid", headers=admin, timeout=10), 400),
    ]
    for resp, status in cases:
        assert resp.status_code == status, (status, resp.text[:300])
        assert resp.headers["Content-Type"].startswith(PROBLEM), resp.headers
        body = resp.json()
        assert body["status"] == status and body["title"]
