"""Record and field access over gRPC: the same decisions as REST, NOT_FOUND for invisible."""

import grpc
import pytest

from crm.contacts.v1 import contacts_pb2 as pb


def _md(org, user):
    return [("authorization", org.headers(user)["Authorization"])]


@pytest.fixture
def records(org, create_account, create_contact):
    org.save(account_fields={"phone": "hidden"}, contact_fields={"email": "hidden"})
    account = create_account(name="Northwind", owner_id=str(org.north), phone="0113 496 0000")
    contact = create_contact(
        owner_id=str(org.north), email="ada@example.com", account_id=account["id"]
    )
    return account, contact


def test_the_owner_gets_records_with_hidden_fields_cleared(stub, org, records):
    account, contact = records
    md = _md(org, org.north)
    got = stub.GetAccount(pb.GetAccountRequest(id=account["id"]), metadata=md, timeout=5).account
    assert got.name == "Northwind" and got.phone == ""
    got = stub.GetContact(pb.GetContactRequest(id=contact["id"]), metadata=md, timeout=5).contact
    assert got.last_name == "Lovelace" and got.email == ""
    listed = stub.ListAccounts(pb.ListAccountsRequest(), metadata=md, timeout=5).accounts
    assert [a.phone for a in listed] == [""]
    found = stub.SearchContacts(
        pb.SearchContactsRequest(query="lovelace"), metadata=md, timeout=5
    ).contacts
    assert [c.id for c in found] == [contact["id"]] and found[0].email == ""


def test_a_peer_gets_not_found_and_empty_pages(stub, org, records):
    account, contact = records
    md = _md(org, org.south)
    for call, request in (
        (stub.GetAccount, pb.GetAccountRequest(id=account["id"])),
        (stub.GetContact, pb.GetContactRequest(id=contact["id"])),
    ):
        with pytest.raises(grpc.RpcError) as exc:
            call(request, metadata=md, timeout=5)
        assert exc.value.code() == grpc.StatusCode.NOT_FOUND
    batch = stub.BatchGetAccounts(
        pb.BatchGetAccountsRequest(ids=[account["id"]]), metadata=md, timeout=5
    )
    assert list(batch.accounts) == [] and list(batch.missing_ids) == [account["id"]]
    assert list(stub.ListContacts(pb.ListContactsRequest(), metadata=md, timeout=5).contacts) == []
    found = stub.SearchAccounts(pb.SearchAccountsRequest(query="northwind"), metadata=md, timeout=5)
    assert list(found.accounts) == []


def test_a_manager_sees_the_subordinates_records(stub, org, records):
    account, _ = records
    batch = stub.BatchGetAccounts(
        pb.BatchGetAccountsRequest(ids=[account["id"]]), metadata=_md(org, org.manager), timeout=5
    )
    assert [a.id for a in batch.accounts] == [account["id"]]


def test_a_service_account_reads_every_record_with_every_field(stub, org, tokens, records):
    account, _ = records
    md = [
        (
            "authorization",
            f"Bearer {tokens.issue('svc-sales', typ='service', scope='contacts.accounts.read')}",
        )
    ]
    got = stub.GetAccount(pb.GetAccountRequest(id=account["id"]), metadata=md, timeout=5).account
    assert got.phone == "0113 496 0000"
    with pytest.raises(grpc.RpcError) as exc:
        stub.ListContacts(pb.ListContactsRequest(), metadata=md, timeout=5)
    assert exc.value.code() == grpc.StatusCode.PERMISSION_DENIED
