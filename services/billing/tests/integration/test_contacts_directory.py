"""The contacts adapter: whose token it sends, and how contacts' answers map."""

from __future__ import annotations

import uuid

import grpc
import pytest

from crm.contacts.v1 import contacts_pb2 as pb
from crm_billing.adapters.contacts_directory import ContactsDirectory
from crm_billing.config import Settings
from crm_chassis.errors import Unavailable


class FakeRpcError(grpc.RpcError):
    def __init__(self, code: grpc.StatusCode) -> None:
        self._code = code

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return "nope"

    def trailing_metadata(self):
        return ()


class FakeStub:
    def __init__(self, error: grpc.StatusCode | None = None) -> None:
        self.error = error
        self.sent: list[str] = []

    def GetAccount(self, request, timeout, metadata):
        self.sent.append(dict(metadata)["authorization"])
        if self.error:
            raise FakeRpcError(self.error)
        return pb.GetAccountResponse(account=pb.Account(id=request.id, name="Alpha Corp"))


def _directory(stub: FakeStub) -> ContactsDirectory:
    directory = ContactsDirectory(Settings(database_url="sqlite://"))
    directory.contacts._stub = stub
    return directory


def test_every_caller_is_asked_for_with_its_own_token_never_billings():
    stub = FakeStub()
    directory = _directory(stub)
    account_id = uuid.uuid4()
    found = directory.get_account(account_id, token="user-token")
    assert (found.id, found.name) == (account_id, "Alpha Corp")
    directory.get_account(account_id, token="erp-token")
    assert stub.sent == ["Bearer user-token", "Bearer erp-token"]
    assert directory.contacts.tokens is None  # billing holds no contacts credentials


def test_a_caller_without_contacts_rights_finds_no_account():
    stub = FakeStub(grpc.StatusCode.PERMISSION_DENIED)
    assert _directory(stub).get_account(uuid.uuid4(), token="erp-without-scope") is None


def test_not_found_is_none_and_unreachable_is_unavailable():
    assert (
        _directory(FakeStub(grpc.StatusCode.NOT_FOUND)).get_account(uuid.uuid4(), token="t") is None
    )
    with pytest.raises(Unavailable):
        _directory(FakeStub(grpc.StatusCode.UNAVAILABLE)).get_account(uuid.uuid4(), token="t")
