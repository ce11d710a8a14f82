"""Every service checks the token itself: forged, stale or missing tokens get 401 everywhere."""

from __future__ import annotations

import base64
import json
import time
import uuid

import grpc
import jwt
import pytest
import requests
import sqlalchemy as sa

from crm.contacts.v1 import contacts_pb2, contacts_pb2_grpc
from crm_chassis.testing.tokens import TokenFactory


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _identity_key(suite):
    engine = sa.create_engine(suite.database_urls["identity"])
    with engine.connect() as conn:
        kid, pem = conn.execute(
            sa.text(
                "SELECT kid, private_pem FROM signing_keys WHERE active ORDER BY created_at DESC"
            )
        ).first()
    engine.dispose()
    return kid, pem


def _claims(admin_token: str) -> dict:
    return jwt.decode(admin_token, options={"verify_signature": False})


def _refused(gw: str, token: str | None, **headers: str) -> None:
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    resp = requests.get(f"{gw}/api/contacts/v1/accounts", headers=headers, timeout=10)
    assert resp.status_code == 401, resp.text
    assert resp.headers["Content-Type"].startswith("application/problem+json")
    assert resp.headers.get("WWW-Authenticate", "").startswith("Bearer")


def test_the_genuine_admin_token_is_accepted(gw, admin):
    assert requests.get(f"{gw}/api/contacts/v1/accounts", headers=admin, timeout=10).ok


def test_no_token_is_refused(gw):
    _refused(gw, None)


def test_an_expired_token_is_refused(suite, gw, admin_token):
    kid, pem = _identity_key(suite)
    claims = {**_claims(admin_token), "iat": int(time.time()) - 3600, "exp": int(time.time()) - 60}
    _refused(gw, jwt.encode(claims, pem, algorithm="RS256", headers={"kid": kid}))


def test_a_token_signed_by_another_key_is_refused(suite, gw, admin_token):
    kid, _ = _identity_key(suite)
    stranger = TokenFactory()
    forged = jwt.encode(_claims(admin_token), stranger.key, algorithm="RS256", headers={"kid": kid})
    _refused(gw, forged)
    # ... and with a key id identity never issued.
    _refused(gw, stranger.issue(roles=["admin"]))


def test_an_alg_none_token_is_refused(gw, admin_token):
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(admin_token))}."
    _refused(gw, unsigned)


def test_a_token_whose_role_claim_was_edited_is_refused(gw, admin, sign_in):
    # A plain user's genuine token, with "admin" written into its roles claim.
    email = f"edit-{uuid.uuid4().hex[:8]}@e2e.test"
    created = requests.post(
        f"{gw}/api/identity/v1/users",
        json={
            "email": email,
            "display_name": "Edit Me",
            "password": "a-long-enough-password",
            "roles": ["user"],
        },
        headers=admin,
        timeout=10,
    )
    assert created.status_code == 201, created.text
    token = sign_in(email, "a-long-enough-password")["access_token"]
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["roles"] = ["admin"]
    _refused(gw, f"{header}.{_b64(claims)}.{signature}")


def test_client_sent_identity_headers_do_not_authenticate(gw):
    _refused(
        gw,
        None,
        **{
            "X-User-Id": str(uuid.uuid4()),
            "X-User-Roles": "admin",
            "X-Forwarded-User": "admin@crm.local",
        },
    )


def test_a_request_straight_to_a_service_without_token_is_refused(suite):
    resp = requests.get(f"{suite.web_url('contacts')}/api/contacts/v1/accounts", timeout=10)
    assert resp.status_code == 401
    resp = requests.get(f"{suite.web_url('identity')}/api/identity/v1/users", timeout=10)
    assert resp.status_code == 401


@pytest.mark.parametrize("token", [None, "not-a-jwt"])
def test_grpc_straight_to_the_service_without_a_valid_token_is_refused(suite, token):
    metadata = [("authorization", f"Bearer {token}")] if token else []
    with grpc.insecure_channel(suite.grpc_target("contacts")) as channel:
        stub = contacts_pb2_grpc.ContactsServiceStub(channel)
        with pytest.raises(grpc.RpcError) as err:
            stub.GetAccount(
                contacts_pb2.GetAccountRequest(id=str(uuid.uuid4())), metadata=metadata, timeout=10
            )
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
