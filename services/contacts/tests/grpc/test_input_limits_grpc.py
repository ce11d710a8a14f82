"""A tampered page token and an over-long search are INVALID_ARGUMENT, never INTERNAL
(issue 12, case 3)."""

import grpc
import pytest

from crm.contacts.v1 import contacts_pb2 as pb
from crm_chassis.testing.inputs import tampered_cursor as tampered


def test_grpc_refuses_a_tampered_page_token_and_a_huge_search(stub, md, create_account):
    create_account(name="One")
    create_account(name="Two")
    first = stub.ListAccounts(pb.ListAccountsRequest(page_size=1), metadata=md, timeout=5)
    for request in (
        pb.ListAccountsRequest(page_size=1, page_token=tampered(first.next_page_token)),
        pb.SearchAccountsRequest(query="x" * 50_000),
    ):
        call = (
            stub.ListAccounts
            if isinstance(request, pb.ListAccountsRequest)
            else (stub.SearchAccounts)
        )
        with pytest.raises(grpc.RpcError) as caught:
            call(request, metadata=md, timeout=5)
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_grpc_refuses_a_far_updated_since(stub, md):
    from google.protobuf.timestamp_pb2 import Timestamp

    for seconds in (-62135596800, 253402300799):  # 0001-01-01, 9999-12-31T23:59:59
        request = pb.ListAccountsRequest(updated_since=Timestamp(seconds=seconds))
        with pytest.raises(grpc.RpcError) as caught:
            stub.ListAccounts(request, metadata=md, timeout=5)
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
