"""An ERP developer's reflection client at the gateway: every service listed, described and
callable from reflected descriptors alone; health per service, through the real Traefik."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

import grpc
import pytest
from google.protobuf import message_factory
from google.protobuf.descriptor_pool import DescriptorPool
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from crm_suite_testing.suite import Suite

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING
RUNNING = {
    "identity": ["crm.identity.v1.IdentityService", "crm.identity.v1.PolicyService"],
    "contacts": ["crm.contacts.v1.ContactsService"],
    "sales": ["crm.sales.v1.SalesService"],
    "billing": ["crm.billing.v1.BillingService"],
}
EVERY_SERVICE = {
    *(name for names in RUNNING.values() for name in names),
    "crm.support.v1.SupportService",
    "crm.marketing.v1.MarketingService",
}


@pytest.fixture(scope="module")
def channel(gw: str, eventually: Callable[..., Any]) -> Iterator[grpc.Channel]:
    """A plain gRPC channel to the gateway's web entry point (h2c), as grpcurl -plaintext."""
    with grpc.insecure_channel(gw.removeprefix("http://")) as ch:
        eventually(lambda: _check(ch, "") == SERVING, timeout=30)  # the directory is up
        yield ch


def _check(channel: grpc.Channel, name: str) -> int | None:
    stub = health_pb2_grpc.HealthStub(channel)
    try:
        return stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=5).status
    except grpc.RpcError:
        return None


def test_reflection_lists_every_service_and_its_methods(channel: grpc.Channel) -> None:
    database = ProtoReflectionDescriptorDatabase(channel)
    listed = set(database.get_services())
    assert EVERY_SERVICE <= listed
    assert {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"} <= listed
    assert "grpc.reflection.v1.ServerReflection" in listed
    pool = DescriptorPool(database)
    methods = {
        name: {m.name for m in pool.FindServiceByName(name).methods}
        for name in listed
        if name.startswith("crm.")
    }
    assert {"GetAccount", "ListAccounts", "SearchAccounts"} <= methods[
        "crm.contacts.v1.ContactsService"
    ]
    assert "RecordPayment" in methods["crm.billing.v1.BillingService"]
    assert methods["crm.identity.v1.PolicyService"] == {"GetSnapshot"}


def test_reflection_v1_answers_through_the_gateway_too(channel: grpc.Channel) -> None:
    # grpcurl and other current clients ask v1 first; its messages are v1alpha's, field for
    # field, so the v1alpha classes speak it on the wire.
    call = channel.stream_stream(
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
    )
    listed, described = call(
        iter(
            [
                reflection_pb2.ServerReflectionRequest(list_services=""),
                reflection_pb2.ServerReflectionRequest(
                    file_containing_symbol="crm.sales.v1.SalesService"
                ),
            ]
        ),
        timeout=10,
    )
    assert EVERY_SERVICE <= {s.name for s in listed.list_services_response.service}
    files = described.file_descriptor_response.file_descriptor_proto
    assert any(b"crm/sales/v1/sales.proto" in f for f in files)


def _reflected_call(channel: grpc.Channel, method_path: str, **fields: Any) -> Any:
    """Build request and response types from reflection only, as a dynamic client does."""
    pool = DescriptorPool(ProtoReflectionDescriptorDatabase(channel))
    service_name, method_name = method_path.strip("/").split("/")
    method = pool.FindServiceByName(service_name).methods_by_name[method_name]
    request_class = message_factory.GetMessageClass(method.input_type)
    response_class = message_factory.GetMessageClass(method.output_type)
    call = channel.unary_unary(
        method_path,
        request_serializer=request_class.SerializeToString,
        response_deserializer=response_class.FromString,
    )
    return method, lambda **meta: call(request_class(**fields), timeout=10, **meta)


def test_a_call_built_from_reflection_reaches_the_service(
    channel: grpc.Channel, gw: str, admin: dict[str, str], admin_token: str
) -> None:
    import requests

    created = requests.post(
        f"{gw}/api/contacts/v1/accounts", json={"name": "Reflected Ltd"}, headers=admin, timeout=10
    )
    assert created.status_code == 201, created.text
    account_id = created.json()["id"]
    method, invoke = _reflected_call(
        channel, "/crm.contacts.v1.ContactsService/GetAccount", id=account_id
    )
    assert method.input_type.full_name == "crm.contacts.v1.GetAccountRequest"
    answer = invoke(metadata=[("authorization", f"Bearer {admin_token}")])
    assert answer.account.id == account_id and answer.account.name == "Reflected Ltd"
    # The call went to contacts itself: without a token, contacts refuses it.
    with pytest.raises(grpc.RpcError) as err:
        invoke()
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED


@pytest.mark.parametrize("service", sorted(RUNNING))
def test_health_is_serving_per_running_service(channel: grpc.Channel, service: str) -> None:
    for name in RUNNING[service]:
        assert _check(channel, name) == SERVING, name
    assert _check(channel, "") == SERVING


@pytest.mark.parametrize("name", ["crm.nothing.v1.NothingService", "crm.contacts.v1", "x"])
def test_health_of_an_unknown_name_is_not_found(channel: grpc.Channel, name: str) -> None:
    stub = health_pb2_grpc.HealthStub(channel)
    with pytest.raises(grpc.RpcError) as err:
        stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=5)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def _watch(channel: grpc.Channel, name: str) -> tuple[Any, queue.Queue[int]]:
    call = health_pb2_grpc.HealthStub(channel).Watch(
        health_pb2.HealthCheckRequest(service=name), timeout=90
    )
    seen: queue.Queue[int] = queue.Queue()

    def pump() -> None:
        try:
            for answer in call:
                seen.put(answer.status)
        except grpc.RpcError:
            pass

    threading.Thread(target=pump, daemon=True).start()
    return call, seen


def test_a_stopped_service_is_not_serving_until_it_is_back(
    channel: grpc.Channel, suite: Suite, eventually: Callable[..., Any]
) -> None:
    billing = "crm.billing.v1.BillingService"
    call, seen = _watch(channel, billing)
    try:
        assert seen.get(timeout=10) == SERVING
        suite.stop_process("billing-grpc")
        try:
            assert _check(channel, billing) == NOT_SERVING
            assert seen.get(timeout=15) == NOT_SERVING  # the Watch stream says so too
            assert _check(channel, "crm.contacts.v1.ContactsService") == SERVING
        finally:
            suite.start_process("billing-grpc")
        eventually(lambda: _check(channel, billing) == SERVING, timeout=60)
        assert seen.get(timeout=15) == SERVING
    finally:
        call.cancel()
