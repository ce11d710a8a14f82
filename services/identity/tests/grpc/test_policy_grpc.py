"""PolicyService.GetSnapshot over a real socket: only service tokens with identity.policy.read."""

from __future__ import annotations

import grpc
import pytest

from crm.identity.v1 import identity_pb2 as pb
from crm.identity.v1 import identity_pb2_grpc as pb_grpc
from crm_access.model import PolicySnapshot
from crm_chassis.testing.service import serving_grpc
from crm_identity.domain import defaults
from crm_identity.grpc_api.servicer import registrar

BASE = "/api/identity/v1"


@pytest.fixture
def policy_stub(identity, settings):
    with serving_grpc(settings, registrar(identity), identity.verifier) as channel:
        yield pb_grpc.PolicyServiceStub(channel)


def service_token(client, admin_headers, scopes):
    created = client.post(
        f"{BASE}/service-accounts", headers=admin_headers, json={"name": "svc", "scopes": scopes}
    ).get_json()
    return client.post(
        f"{BASE}/auth/token",
        json={
            "grant_type": "client_credentials",
            "client_id": created["client_id"],
            "client_secret": created["client_secret"],
        },
    ).get_json()["access_token"]


def call(stub, token):
    return stub.GetSnapshot(
        pb.GetSnapshotRequest(), metadata=[("authorization", f"Bearer {token}")], timeout=5
    )


def test_a_service_with_the_policy_scope_gets_the_whole_snapshot(
    policy_stub, client, admin_headers
):
    reply = call(policy_stub, service_token(client, admin_headers, ["identity.policy.read"]))
    snapshot = PolicySnapshot.from_json(reply.snapshot_json)
    assert reply.version == snapshot.version >= 1
    names = {r.name for r in snapshot.roles}
    assert {"Organisation", "CEO", "VP Sales", "Sales Manager", "Sales Rep"} <= names
    assert {"Support Manager", "Support Agent"} <= names
    assert {p.name for p in snapshot.profiles} == {
        "Administrator",
        "Sales Profile",
        "Support Profile",
        "Read Only",
    }
    assert snapshot.sharing_defaults["leads"] == "private"
    assert set(snapshot.unowned_modules) == {"products", "price_books", "knowledge_base", "vendors"}
    [admin] = [u for u in snapshot.users if u.is_admin]
    assert admin.role_id == str(defaults.ORGANISATION)


def test_a_service_without_the_scope_is_permission_denied(policy_stub, client, admin_headers):
    token = service_token(client, admin_headers, ["identity.users.read"])
    with pytest.raises(grpc.RpcError) as err:
        call(policy_stub, token)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_users_even_admins_are_permission_denied(policy_stub, admin_headers, user_headers):
    for headers in (admin_headers, user_headers):
        with pytest.raises(grpc.RpcError) as err:
            call(policy_stub, headers["Authorization"].split()[1])
        assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_no_token_is_unauthenticated(policy_stub):
    with pytest.raises(grpc.RpcError) as err:
        policy_stub.GetSnapshot(pb.GetSnapshotRequest(), timeout=5)
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_the_snapshot_follows_a_change(policy_stub, client, admin_headers, identity, new_user):
    token = service_token(client, admin_headers, ["identity.policy.read"])
    before = call(policy_stub, token).version
    new_user()
    reply = call(policy_stub, token)
    assert reply.version == before + 1
