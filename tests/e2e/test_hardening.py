"""Issue 12 through the gateway: revocation revokes (case 7), identity's lockout 429 keeps
its Retry-After (case 6), and odd input is a 4xx problem, never a 5xx (case 3)."""

from __future__ import annotations

from urllib.parse import urlsplit

import grpc
import pytest
import requests

from crm.contacts.v1 import contacts_pb2, contacts_pb2_grpc
from crm_chassis.testing.inputs import FAR_DATES, deep_json, tampered_cursor

from .conftest import ADMIN_EMAIL, ADMIN_PASSWORD

PROBLEM = "application/problem+json"
READS = (
    "/api/identity/v1/me",
    "/api/contacts/v1/accounts",
    "/api/sales/v1/leads",
    "/api/billing/v1/invoices",
)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _grpc_code(gw: str, token: str) -> grpc.StatusCode:
    target = urlsplit(gw).netloc
    with grpc.insecure_channel(target) as channel:
        stub = contacts_pb2_grpc.ContactsServiceStub(channel)
        try:
            stub.ListAccounts(
                contacts_pb2.ListAccountsRequest(page_size=1),
                metadata=[("authorization", f"Bearer {token}")],
                timeout=10,
            )
        except grpc.RpcError as err:
            return err.code()
    return grpc.StatusCode.OK


def _refused_everywhere(gw: str, token: str) -> bool:
    rest = [requests.get(gw + path, headers=_bearer(token), timeout=10) for path in READS]
    return all(r.status_code == 401 for r in rest) and (
        _grpc_code(gw, token) == grpc.StatusCode.UNAUTHENTICATED
    )


def test_a_revoked_access_token_is_refused_by_every_service(gw, sign_in, eventually):
    revoked = sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)["access_token"]
    kept = sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)["access_token"]
    for path in READS:
        assert requests.get(gw + path, headers=_bearer(revoked), timeout=10).status_code == 200
    assert _grpc_code(gw, revoked) == grpc.StatusCode.OK
    resp = requests.post(f"{gw}/api/identity/v1/auth/revoke", data={"token": revoked}, timeout=10)
    assert resp.status_code == 200
    # Through the policy snapshot (the deactivation path): each service's copy refreshes
    # about every second.
    eventually(lambda: _refused_everywhere(gw, revoked))
    for path in READS:
        assert requests.get(gw + path, headers=_bearer(kept), timeout=10).status_code == 200


def test_a_replayed_refresh_token_ends_its_family_everywhere(gw, sign_in, eventually):
    first = sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
    token_url = f"{gw}/api/identity/v1/auth/token"
    rotated = requests.post(
        token_url,
        json={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]},
        timeout=10,
    ).json()
    replay = requests.post(
        token_url,
        json={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]},
        timeout=10,
    )
    assert replay.status_code == 400
    eventually(lambda: _refused_everywhere(gw, rotated["access_token"]))
    eventually(lambda: _refused_everywhere(gw, first["access_token"]))


def test_identity_lockout_429_keeps_its_retry_after_through_the_gateway(gw):
    url = f"{gw}/api/identity/v1/auth/token"
    body = {"grant_type": "password", "username": "locked@e2e.test", "password": "wrong-pass"}
    for _ in range(5):
        assert requests.post(url, json=body, timeout=10).status_code == 400
    locked = requests.post(url, json=body, timeout=10)
    assert locked.status_code == 429
    assert locked.headers["Content-Type"].startswith(PROBLEM)
    assert locked.headers["Retry-After"] == "30"  # identity's lockout, not the gateway's 1 s
    assert locked.json()["status"] == 429


@pytest.mark.parametrize("value", FAR_DATES)
def test_far_dates_are_422_through_the_gateway(gw, admin, value):
    resp = requests.get(f"{gw}/api/contacts/v1/accounts?updated_since={value}", headers=admin)
    assert resp.status_code == 422 and resp.headers["Content-Type"].startswith(PROBLEM)


def test_a_tampered_cursor_and_deep_json_are_4xx_through_the_gateway(gw, admin):
    for name in ("Hardening One", "Hardening Two"):
        made = requests.post(f"{gw}/api/contacts/v1/accounts", json={"name": name}, headers=admin)
        assert made.status_code == 201, made.text
    page = requests.get(f"{gw}/api/contacts/v1/accounts?limit=1", headers=admin).json()
    bad = requests.get(
        f"{gw}/api/contacts/v1/accounts?limit=1&cursor={tampered_cursor(page['next_cursor'])}",
        headers=admin,
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "cursor"
    deep = requests.post(
        f"{gw}/api/identity/v1/auth/token",
        data=deep_json(),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert deep.status_code == 400 and deep.headers["Content-Type"].startswith(PROBLEM)
