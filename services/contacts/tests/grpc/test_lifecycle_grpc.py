"""gRPC and the record lifecycle: merged ids resolve to the survivor, deleted ones vanish."""

import grpc
import pytest

from crm.contacts.v1 import contacts_pb2 as pb

API = "/api/contacts/v1"


def test_a_merged_id_resolves_and_a_deleted_one_is_not_found(
    stub, md, client, admin_headers, create_account
):
    survivor = create_account(name="Keep", customer_code="KEEP-1", area="North")
    twin = create_account(name="Keep Ltd")
    gone = create_account(name="Gone")
    merged = client.post(
        f"{API}/merges",
        json={"entity": "accounts", "survivor_id": survivor["id"], "merged_ids": [twin["id"]]},
        headers=admin_headers,
    )
    assert merged.status_code == 200
    assert client.delete(f"{API}/accounts/{gone['id']}", headers=admin_headers).status_code == 204

    got = stub.GetAccount(pb.GetAccountRequest(id=twin["id"]), metadata=md, timeout=5).account
    assert got.id == survivor["id"] and got.customer_code == "KEEP-1" and got.area == "North"
    with pytest.raises(grpc.RpcError) as exc:
        stub.GetAccount(pb.GetAccountRequest(id=gone["id"]), metadata=md, timeout=5)
    assert exc.value.code() == grpc.StatusCode.NOT_FOUND
    batch = stub.BatchGetAccounts(
        pb.BatchGetAccountsRequest(ids=[survivor["id"], twin["id"], gone["id"]]),
        metadata=md,
        timeout=5,
    )
    assert [a.id for a in batch.accounts] == [survivor["id"]]
    assert sorted(batch.missing_ids) == sorted([twin["id"], gone["id"]])
    listed = stub.ListAccounts(pb.ListAccountsRequest(), metadata=md, timeout=5).accounts
    assert [a.id for a in listed] == [survivor["id"]]
