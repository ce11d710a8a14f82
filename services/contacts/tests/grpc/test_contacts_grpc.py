import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from grpc_health.v1 import health_pb2, health_pb2_grpc

from crm.contacts.v1 import contacts_pb2 as pb


def test_get_account_returns_the_record(stub, md, create_account):
    account = create_account(annual_revenue={"amount": "10.50", "currency": "EUR"}, employees=0)
    reply = stub.GetAccount(pb.GetAccountRequest(id=account["id"]), metadata=md, timeout=5)
    assert reply.account.name == "Acme Ltd" and reply.account.version == 1
    assert reply.account.annual_revenue.amount == "10.50"
    assert reply.account.HasField("employees") and reply.account.employees == 0


def test_missing_bad_and_unauthenticated_calls_map_to_status_codes(stub, md, tokens):
    with pytest.raises(grpc.RpcError) as exc:
        stub.GetAccount(pb.GetAccountRequest(id=str(uuid.uuid4())), metadata=md, timeout=5)
    assert exc.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as exc:
        stub.GetAccount(pb.GetAccountRequest(id="nope"), metadata=md, timeout=5)
    assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.RpcError) as exc:
        stub.GetAccount(pb.GetAccountRequest(id=str(uuid.uuid4())), timeout=5)
    assert exc.value.code() == grpc.StatusCode.UNAUTHENTICATED
    no_perm = [("authorization", f"Bearer {tokens.issue(perms=['contacts.view'])}")]
    with pytest.raises(grpc.RpcError) as exc:
        stub.ListAccounts(pb.ListAccountsRequest(), metadata=no_perm, timeout=5)
    assert exc.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_a_service_account_reads_with_its_scope(stub, tokens, create_account):
    create_account()
    token = tokens.issue("svc-erp", typ="service", scope="contacts.accounts.read")
    reply = stub.ListAccounts(
        pb.ListAccountsRequest(), metadata=[("authorization", f"Bearer {token}")], timeout=5
    )
    assert len(reply.accounts) == 1


def test_batch_get_lists_the_missing_ids(stub, md, create_account):
    a, b = create_account(name="A"), create_account(name="B")
    missing = str(uuid.uuid4())
    reply = stub.BatchGetAccounts(
        pb.BatchGetAccountsRequest(ids=[b["id"], missing, a["id"]]), metadata=md, timeout=5
    )
    assert [x.name for x in reply.accounts] == ["B", "A"]
    assert list(reply.missing_ids) == [missing]


def test_batch_get_refuses_more_than_500_ids(stub, md):
    ids = [str(uuid.uuid4()) for _ in range(501)]
    with pytest.raises(grpc.RpcError) as exc:
        stub.BatchGetAccounts(pb.BatchGetAccountsRequest(ids=ids), metadata=md, timeout=5)
    assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_list_accounts_pages_by_updated_at_and_filters_updated_since(stub, md, create_account):
    made = [create_account(name=f"N{i}")["id"] for i in range(7)]
    seen, token = [], ""
    while True:
        reply = stub.ListAccounts(
            pb.ListAccountsRequest(page_size=3, page_token=token), metadata=md, timeout=5
        )
        seen.extend(a.id for a in reply.accounts)
        token = reply.next_page_token
        if not token:
            break
    assert seen == made  # created one after another: updated_at order is creation order
    future = Timestamp()
    future.FromDatetime(datetime.now(UTC) + timedelta(hours=1))
    reply = stub.ListAccounts(pb.ListAccountsRequest(updated_since=future), metadata=md, timeout=5)
    assert list(reply.accounts) == []


def test_list_rejects_page_size_over_the_limit_and_bad_tokens(stub, md):
    with pytest.raises(grpc.RpcError) as exc:
        stub.ListAccounts(pb.ListAccountsRequest(page_size=501), metadata=md, timeout=5)
    assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.RpcError) as exc:
        stub.ListAccounts(pb.ListAccountsRequest(page_token="garbage"), metadata=md, timeout=5)
    assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_search_accounts_and_contacts(stub, md, create_account, create_contact):
    account = create_account(name="Globex", website="globex.example")
    create_account(name="Initech")
    create_contact(first_name="Hank", last_name="Scorpio", account_id=account["id"])
    reply = stub.SearchAccounts(pb.SearchAccountsRequest(query="globex"), metadata=md, timeout=5)
    assert [a.name for a in reply.accounts] == ["Globex"]
    reply = stub.SearchContacts(pb.SearchContactsRequest(query="scorp"), metadata=md, timeout=5)
    assert [c.last_name for c in reply.contacts] == ["Scorpio"]
    assert reply.contacts[0].account_id == account["id"]
    with pytest.raises(grpc.RpcError) as exc:
        stub.SearchAccounts(pb.SearchAccountsRequest(query="g"), metadata=md, timeout=5)
    assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_contacts_get_batch_and_list_by_account(stub, md, create_account, create_contact):
    account = create_account()
    mine = create_contact(last_name="Mine", account_id=account["id"])
    create_contact(last_name="Other")
    reply = stub.GetContact(pb.GetContactRequest(id=mine["id"]), metadata=md, timeout=5)
    assert reply.contact.last_name == "Mine"
    reply = stub.BatchGetContacts(
        pb.BatchGetContactsRequest(ids=[mine["id"]]), metadata=md, timeout=5
    )
    assert [c.id for c in reply.contacts] == [mine["id"]]
    reply = stub.ListContacts(
        pb.ListContactsRequest(account_id=account["id"]), metadata=md, timeout=5
    )
    assert [c.last_name for c in reply.contacts] == ["Mine"]


def test_health_is_served_without_a_token(channel):
    health = health_pb2_grpc.HealthStub(channel)
    reply = health.Check(
        health_pb2.HealthCheckRequest(service="crm.contacts.v1.ContactsService"), timeout=5
    )
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
