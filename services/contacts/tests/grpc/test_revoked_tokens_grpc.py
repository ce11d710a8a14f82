"""A revoked access token (issue 12, case 7) is refused on REST and gRPC once the policy
snapshot naming it (its jti, or its session's sid) is stored, as a deactivation is."""

from dataclasses import replace

import grpc
import jwt
import pytest

from crm.contacts.v1 import contacts_pb2 as pb
from crm_access.model import PolicySnapshot, Revocation

API = "/api/contacts/v1"


def _jti(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["jti"]


@pytest.mark.parametrize("kind", ["token", "session"])
def test_a_revoked_token_is_refused_on_rest_and_grpc(client, stub, service, tokens, owner, kind):
    extra = {"sid": "family-1"} if kind == "session" else {}
    revoked = tokens.issue(str(owner.id), roles=["admin"], **extra)
    other = tokens.admin(str(owner.id))
    ident = _jti(revoked) if kind == "token" else "family-1"
    store = service.access.store
    current = store.decider().snapshot
    store.save(
        replace(
            current or PolicySnapshot(),
            version=(current.version if current else 0) + 1,
            revocations=(Revocation(kind, ident, 4_000_000_000),),
        )
    )
    for token, status in ((revoked, 401), (other, 200)):
        resp = client.get(f"{API}/accounts", headers={"Authorization": f"Bearer {token}"})
        assert resp.status_code == status
    with pytest.raises(grpc.RpcError) as caught:
        stub.ListAccounts(
            pb.ListAccountsRequest(), metadata=[("authorization", f"Bearer {revoked}")], timeout=5
        )
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    ok = stub.ListAccounts(
        pb.ListAccountsRequest(), metadata=[("authorization", f"Bearer {other}")], timeout=5
    )
    assert ok is not None
