"""Security suite, tokens: every forged, edited, expired or unsigned token is refused by
every service, on REST (401 problem+json) and on gRPC through the gateway
(``UNAUTHENTICATED``). The genuine token is accepted on the same paths (the control case).
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import grpc
import jwt
import pytest
import requests
import sqlalchemy as sa

from crm.billing.v1 import billing_pb2, billing_pb2_grpc
from crm.contacts.v1 import contacts_pb2, contacts_pb2_grpc
from crm.identity.v1 import identity_pb2, identity_pb2_grpc
from crm.sales.v1 import sales_pb2, sales_pb2_grpc
from crm_chassis.testing.tokens import TokenFactory

REST = {
    "identity": "/api/identity/v1/me",
    "contacts": "/api/contacts/v1/accounts",
    "sales": "/api/sales/v1/leads",
    "billing": "/api/billing/v1/invoices",
}
GRPC: dict[str, Callable[[grpc.Channel, list[tuple[str, str]]], Any]] = {
    "identity": lambda ch, md: identity_pb2_grpc.IdentityServiceStub(ch).ListUsers(
        identity_pb2.ListUsersRequest(page_size=1), metadata=md, timeout=10
    ),
    "contacts": lambda ch, md: contacts_pb2_grpc.ContactsServiceStub(ch).ListAccounts(
        contacts_pb2.ListAccountsRequest(page_size=1), metadata=md, timeout=10
    ),
    "sales": lambda ch, md: sales_pb2_grpc.SalesServiceStub(ch).ListQuotes(
        sales_pb2.ListQuotesRequest(page_size=1), metadata=md, timeout=10
    ),
    "billing": lambda ch, md: billing_pb2_grpc.BillingServiceStub(ch).ListInvoices(
        billing_pb2.ListInvoicesRequest(page_size=1), metadata=md, timeout=10
    ),
}


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


@pytest.fixture(scope="module")
def bad_tokens(suite: Any, admin_token: str) -> dict[str, str]:
    """Tokens an attacker can make from a genuine administrator's token and public facts."""
    engine = sa.create_engine(suite.database_urls["identity"])
    with engine.connect() as conn:
        kid, pem = conn.execute(
            sa.text("SELECT kid, private_pem FROM signing_keys WHERE active ORDER BY created_at")
        ).first()
    engine.dispose()
    claims = _claims(admin_token)
    now = int(time.time())
    header, payload, signature = admin_token.split(".")
    stranger = TokenFactory()
    public_pem = requests.get(suite.gateway_url + "/api/identity/v1/jwks", timeout=10).text
    return {
        "garbage": "not-a-jwt",
        "alg-none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.",
        "edited-subject": f"{header}.{_b64({**claims, 'sub': 'someone-else'})}.{signature}",
        "signature-dropped": f"{header}.{payload}.",
        "expired": jwt.encode(
            {**claims, "iat": now - 3600, "exp": now - 60}, pem, "RS256", headers={"kid": kid}
        ),
        "other-audience": jwt.encode({**claims, "aud": "elsewhere"}, pem, "RS256", {"kid": kid}),
        "other-key-same-kid": jwt.encode(claims, stranger.key, "RS256", headers={"kid": kid}),
        "unknown-kid": stranger.issue(roles=["admin"]),
        # Algorithm confusion: HMAC "signed" with the public key set as the secret.
        "hs256-with-public-key": _hs256(claims, public_pem.encode(), kid),
    }


def _hs256(claims: dict[str, Any], secret: bytes, kid: str) -> str:
    import hashlib
    import hmac

    head = _b64({"alg": "HS256", "typ": "JWT", "kid": kid})
    body = _b64(claims)
    mac = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"


KINDS = [
    "garbage",
    "alg-none",
    "edited-subject",
    "signature-dropped",
    "expired",
    "other-audience",
    "other-key-same-kid",
    "unknown-kid",
    "hs256-with-public-key",
]


@pytest.mark.security("tokens")
@pytest.mark.parametrize("service", list(REST))
@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_token_is_401_on_rest(
    gw: str, bad_tokens: dict[str, str], kind: str, service: str
) -> None:
    resp = requests.get(
        gw + REST[service], headers={"Authorization": f"Bearer {bad_tokens[kind]}"}, timeout=10
    )
    assert resp.status_code == 401, (kind, service, resp.text[:200])
    assert resp.headers["Content-Type"].startswith("application/problem+json")
    assert resp.headers.get("WWW-Authenticate", "").startswith("Bearer")


@pytest.mark.security("tokens")
@pytest.mark.parametrize("service", list(GRPC))
@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_token_is_unauthenticated_on_grpc_through_the_gateway(
    gw: str, bad_tokens: dict[str, str], kind: str, service: str
) -> None:
    with grpc.insecure_channel(urlsplit(gw).netloc) as channel:
        with pytest.raises(grpc.RpcError) as err:
            GRPC[service](channel, [("authorization", f"Bearer {bad_tokens[kind]}")])
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED, (kind, service)


@pytest.mark.security("tokens")
@pytest.mark.parametrize("service", list(GRPC))
def test_the_genuine_token_passes_the_same_paths(gw: str, admin_token: str, service: str) -> None:
    """The control: the refusals above are about the token, not the path or the call."""
    assert requests.get(gw + REST[service], headers={"Authorization": f"Bearer {admin_token}"}).ok
    with grpc.insecure_channel(urlsplit(gw).netloc) as channel:
        GRPC[service](channel, [("authorization", f"Bearer {admin_token}")])
