"""RemoteService: one lazily made stub, the token sent, NOT_FOUND as None, errors mapped."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from crm_chassis.errors import Unavailable, ValidationFailed
from crm_chassis.grpc import RemoteService, service_tokens

# The channel's retry policy names the service's read methods, so it must be a known one.
pytest.importorskip("crm.contacts.v1.contacts_pb2")
SERVICE = "crm.contacts.v1.ContactsService"


class FakeRpcError(grpc.RpcError):
    def __init__(self, code: grpc.StatusCode) -> None:
        self._code = code

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return "from the other side"

    def trailing_metadata(self) -> tuple:
        return ()


class FakeStub:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self.answer: grpc.StatusCode | None = None

    def GetThing(self, request: Any, timeout: float, metadata: Any) -> str:
        self.sent.append(dict(metadata)["authorization"])
        if self.answer is not None:
            raise FakeRpcError(self.answer)
        return f"thing {request}"


class Tokens:
    def token(self) -> str:
        return "own-token"


def _remote(stub: FakeStub, made: list[Any], tokens: Any = None) -> RemoteService:
    def factory(channel: grpc.Channel) -> FakeStub:
        made.append(channel)
        return stub

    return RemoteService("127.0.0.1:1", SERVICE, factory, timeout=1.0, tokens=tokens)


def test_the_stub_is_made_once_and_the_callers_token_is_sent() -> None:
    stub, made = FakeStub(), []
    remote = _remote(stub, made)
    assert remote.call("GetThing", 1, token="user") == "thing 1"
    assert remote.get("GetThing", 2, token="user") == "thing 2"
    assert len(made) == 1
    assert stub.sent == ["Bearer user", "Bearer user"]


def test_not_found_is_none_and_other_errors_keep_their_kind() -> None:
    stub = FakeStub()
    remote = _remote(stub, [])
    stub.answer = grpc.StatusCode.NOT_FOUND
    assert remote.get("GetThing", 1, token="t") is None
    stub.answer = grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(ValidationFailed):
        remote.get("GetThing", 1, token="t")
    stub.answer = grpc.StatusCode.UNAVAILABLE
    with pytest.raises(Unavailable):
        remote.call("GetThing", 1, token="t")


def test_no_token_no_call_and_the_own_token_needs_credentials() -> None:
    stub = FakeStub()
    with pytest.raises(Unavailable):
        _remote(stub, []).call("GetThing", 1, token=None)
    with pytest.raises(Unavailable):
        _remote(stub, []).own_token()
    assert _remote(stub, [], Tokens()).own_token() == "own-token"
    assert stub.sent == []
    assert service_tokens("http://id/token", None, "secret") is None
    assert service_tokens("http://id/token", "svc-x", "secret") is not None
