"""IdentityService over a real socket on a free port, with the chassis interceptors."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from crm.identity.v1 import identity_pb2 as pb
from crm.identity.v1 import identity_pb2_grpc as pb_grpc
from crm_chassis.testing.service import serving_grpc
from crm_identity.domain.commands import ChangeUser
from crm_identity.domain.users import UserFields
from crm_identity.grpc_api.servicer import registrar
from crm_identity.service.audit import SYSTEM


@pytest.fixture
def stub(identity, settings):
    with serving_grpc(settings, registrar(identity), identity.verifier) as channel:
        yield pb_grpc.IdentityServiceStub(channel)


def auth(headers):
    return [("authorization", headers["Authorization"])]


def test_get_user_returns_the_user(stub, admin_headers, new_user):
    user = new_user(display_name="Grace Hopper", locale="en-US", time_zone="America/New_York")
    reply = stub.GetUser(
        pb.GetUserRequest(id=str(user.id)), metadata=auth(admin_headers), timeout=5
    )
    assert reply.user.email == user.email and reply.user.display_name == "Grace Hopper"
    assert reply.user.time_zone == "America/New_York" and list(reply.user.roles) == ["user"]
    assert reply.user.created_at.ToDatetime(tzinfo=UTC) == user.created_at


def test_a_call_without_a_token_is_unauthenticated(stub, new_user):
    with pytest.raises(grpc.RpcError) as err:
        stub.GetUser(pb.GetUserRequest(id=str(new_user().id)), timeout=5)
    assert err.value.code() is grpc.StatusCode.UNAUTHENTICATED


def test_a_plain_user_is_permission_denied(stub, user_headers, new_user):
    with pytest.raises(grpc.RpcError) as err:
        stub.GetUser(
            pb.GetUserRequest(id=str(new_user().id)), metadata=auth(user_headers), timeout=5
        )
    assert err.value.code() is grpc.StatusCode.PERMISSION_DENIED


def test_unknown_and_malformed_ids(stub, admin_headers):
    with pytest.raises(grpc.RpcError) as err:
        stub.GetUser(
            pb.GetUserRequest(id="00000000-0000-0000-0000-000000000000"),
            metadata=auth(admin_headers),
            timeout=5,
        )
    assert err.value.code() is grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as err:
        stub.GetUser(pb.GetUserRequest(id="nope"), metadata=auth(admin_headers), timeout=5)
    assert err.value.code() is grpc.StatusCode.INVALID_ARGUMENT


def test_batch_get_reports_missing_ids(stub, admin_headers, new_user):
    a, b = new_user(), new_user()
    missing = "00000000-0000-0000-0000-000000000001"
    reply = stub.BatchGetUsers(
        pb.BatchGetUsersRequest(ids=[str(a.id), missing, str(b.id)]),
        metadata=auth(admin_headers),
        timeout=5,
    )
    assert [u.id for u in reply.users] == [str(a.id), str(b.id)]
    assert list(reply.missing_ids) == [missing]


def test_list_pages_by_updated_at_and_filters_updated_since(
    stub, admin_headers, new_user, identity
):
    created = [new_user() for _ in range(4)]
    seen, token = [], ""
    while True:
        reply = stub.ListUsers(
            pb.ListUsersRequest(page_size=2, page_token=token),
            metadata=auth(admin_headers),
            timeout=5,
        )
        seen += [u.id for u in reply.users]
        token = reply.next_page_token
        if not token:
            break
    assert len(seen) == 5 and set(map(str, (u.id for u in created))) <= set(seen)

    time.sleep(0.01)
    since = Timestamp()
    since.FromDatetime(datetime.now(UTC))
    rename = ChangeUser(
        created[0].id, UserFields(display_name="Changed"), frozenset({"display_name"})
    )
    identity.run(rename, caller=SYSTEM)
    recent = stub.ListUsers(
        pb.ListUsersRequest(updated_since=since), metadata=auth(admin_headers), timeout=5
    )
    assert [u.id for u in recent.users] == [str(created[0].id)]


def test_a_bad_page_size_is_invalid_argument(stub, admin_headers):
    with pytest.raises(grpc.RpcError) as err:
        stub.ListUsers(pb.ListUsersRequest(page_size=501), metadata=auth(admin_headers), timeout=5)
    assert err.value.code() is grpc.StatusCode.INVALID_ARGUMENT


def test_a_service_token_with_the_read_scope_may_call(stub, client, admin_headers, new_user):
    created = client.post(
        "/api/identity/v1/service-accounts",
        headers=admin_headers,
        json={"name": "ERP", "scopes": ["identity.users.read"]},
    ).get_json()
    token = client.post(
        "/api/identity/v1/auth/token",
        json={
            "grant_type": "client_credentials",
            "client_id": created["client_id"],
            "client_secret": created["client_secret"],
        },
    ).get_json()["access_token"]
    user = new_user()
    reply = stub.GetUser(
        pb.GetUserRequest(id=str(user.id)),
        metadata=[("authorization", f"Bearer {token}")],
        timeout=5,
    )
    assert reply.user.id == str(user.id)
