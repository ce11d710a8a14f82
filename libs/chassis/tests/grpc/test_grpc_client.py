"""The client helpers against a real server: deadline, token, correlation id, retries."""

from __future__ import annotations

import json
import threading

import grpc
import pytest

from crm_chassis import context as crm_context
from crm_chassis.config import ServiceSettings
from crm_chassis.errors import NotFound, Unavailable, ValidationFailed
from crm_chassis.grpc import build_server, call, channel, service_config, to_app_error

from .conftest import Issuer, Running

contacts_pb2 = pytest.importorskip("crm.contacts.v1.contacts_pb2")
contacts_pb2_grpc = pytest.importorskip("crm.contacts.v1.contacts_pb2_grpc")
CONTACTS = "crm.contacts.v1.ContactsService"


def test_call_sends_a_deadline_and_the_bearer_token(running: Running, issuer: Issuer) -> None:
    token = issuer.token("user-5")
    answer = call(running.method("Whoami"), {}, token=token, timeout=2.0)
    assert answer["subject"] == "user-5"
    assert answer["authorization"] == f"Bearer {token}"
    # A deadline travelled (without one the server sees none): gRPC rounds the deadline it
    # sends up to its timer's resolution, so allow a margin above the 2 s asked for.
    assert 0 < answer["time_remaining"] <= 2.5


def test_call_propagates_the_correlation_id_of_the_context(
    running: Running, issuer: Issuer
) -> None:
    crm_context.set_correlation("corr-from-caller")
    try:
        answer = call(running.method("Whoami"), {}, token=issuer.token())
    finally:
        crm_context.clear()
    assert answer["correlation_id"] == "corr-from-caller"


def test_call_token_replaces_one_smuggled_in_metadata(running: Running, issuer: Issuer) -> None:
    token = issuer.token("user-5")
    answer = call(
        running.method("Whoami"),
        {},
        token=token,
        metadata=(("authorization", "Bearer forged"),),
    )
    assert answer["authorization"] == f"Bearer {token}"


@pytest.mark.parametrize(("token", "timeout"), [("", 5.0), ("t", 0), ("t", -1.0)])
def test_call_refuses_to_go_without_token_or_deadline(token: str, timeout: float) -> None:
    with pytest.raises(ValueError):
        call(lambda *a, **k: None, {}, token=token, timeout=timeout)


def test_to_app_error_keeps_kind_detail_and_field_errors(running: Running, issuer: Issuer) -> None:
    with pytest.raises(grpc.RpcError) as not_found:
        call(running.method("NotFound"), {}, token=issuer.token())
    error = to_app_error(not_found.value)
    assert isinstance(error, NotFound) and error.detail == "Widget 7 does not exist."

    with pytest.raises(grpc.RpcError) as invalid:
        call(running.method("Invalid"), {}, token=issuer.token())
    error = to_app_error(invalid.value)
    assert isinstance(error, ValidationFailed)
    assert [(e.field, e.message) for e in error.errors] == [("name", "must not be empty")]


def test_service_config_retries_only_convention_reads() -> None:
    config = json.loads(service_config([CONTACTS]))
    (method_config,) = config["methodConfig"]
    assert method_config["retryPolicy"]["retryableStatusCodes"] == ["UNAVAILABLE"]
    methods = {n["method"] for n in method_config["name"] if n["service"] == CONTACTS}
    assert methods == {
        "GetAccount",
        "BatchGetAccounts",
        "ListAccounts",
        "SearchAccounts",
        "GetContact",
        "BatchGetContacts",
        "ListContacts",
        "SearchContacts",
    }


def test_service_config_refuses_an_unknown_service() -> None:
    with pytest.raises(ValueError):
        service_config(["crm.nowhere.v1.NoService"])


class FlakyContacts(contacts_pb2_grpc.ContactsServiceServicer):
    """Unavailable for the first ``failures`` calls, then answers."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0
        self.lock = threading.Lock()

    def GetAccount(self, request, context):
        with self.lock:
            self.calls += 1
            if self.calls <= self.failures:
                raise Unavailable("Warming up.")
        return contacts_pb2.GetAccountResponse(
            account=contacts_pb2.Account(id=request.id, name="Acme")
        )


@pytest.fixture
def flaky(verifier):  # type: ignore[no-untyped-def]
    servicer = FlakyContacts(failures=2)

    def register(server: grpc.Server) -> list[str]:
        contacts_pb2_grpc.add_ContactsServiceServicer_to_server(servicer, server)
        return [CONTACTS]

    server = build_server(ServiceSettings(grpc_max_workers=2), register, verifier)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield servicer, f"127.0.0.1:{port}"
    server.stop(None)


def test_the_channel_retries_a_read_that_was_unavailable(flaky, issuer: Issuer) -> None:  # type: ignore[no-untyped-def]
    servicer, target = flaky
    with channel(target, services=[CONTACTS]) as ch:
        stub = contacts_pb2_grpc.ContactsServiceStub(ch)
        request = contacts_pb2.GetAccountRequest(id="a-1")
        answer = call(stub.GetAccount, request, token=issuer.token())
    assert answer.account.name == "Acme"
    assert servicer.calls == 3


def test_without_retries_unavailable_reaches_the_caller(flaky, issuer: Issuer) -> None:  # type: ignore[no-untyped-def]
    servicer, target = flaky
    with channel(target, retry_reads=False) as ch:
        stub = contacts_pb2_grpc.ContactsServiceStub(ch)
        with pytest.raises(grpc.RpcError) as caught:
            call(stub.GetAccount, contacts_pb2.GetAccountRequest(id="a-1"), token=issuer.token())
    assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
    assert servicer.calls == 1
