"""BatchGetAccounts maps rows straight to messages (grpc_api.account_messages); GetAccount
still goes through the domain object. Both must answer the same message, field for field,
with the same access decisions and redaction."""

import uuid

import pytest

from crm.contacts.v1 import contacts_pb2 as pb


def _single(stub, md, account_id):
    return stub.GetAccount(pb.GetAccountRequest(id=account_id), metadata=md, timeout=5).account


def _batch(stub, md, ids):
    return stub.BatchGetAccounts(pb.BatchGetAccountsRequest(ids=ids), metadata=md, timeout=5)


def test_a_batch_answers_the_messages_get_account_answers(stub, md, create_account):
    full = create_account(
        name="Full Ltd",
        account_type="Customer",
        industry="Banking",
        website="https://full.example.com",
        phone="0113 496 0000",
        email="hello@full.example.com",
        description="Every field set",
        billing_address={"street": "1 High St", "city": "Leeds", "country": "GB"},
        shipping_address={"postal_code": "LS1 1AA"},
        annual_revenue={"amount": "1250000.50", "currency": "EUR"},
        employees=0,
        tags=["vip", "north"],
        area="North",
        fax="0113 496 0001",
        rating="Active",
    )
    child = create_account(name="Child Ltd", parent_id=full["id"], employees=12)
    bare = create_account(name="Bare Ltd")
    ids = [bare["id"], full["id"], child["id"]]
    reply = _batch(stub, md, ids)
    assert [a.id for a in reply.accounts] == ids
    for got in reply.accounts:
        expected = _single(stub, md, got.id)
        assert got == expected, got.name
        assert got.SerializeToString(deterministic=True) == expected.SerializeToString(
            deterministic=True
        )
    first = reply.accounts[1]
    assert first.billing_address.city == "Leeds" and first.HasField("shipping_address")
    assert not reply.accounts[0].HasField("billing_address")
    assert not reply.accounts[0].HasField("employees") and first.HasField("employees")
    assert list(first.tags) == ["vip", "north"] and reply.accounts[2].parent_id == full["id"]
    assert first.created_at == _single(stub, md, full["id"]).created_at
    assert first.created_at.nanos % 1000 == 0 and first.updated_at.seconds > 0


def _md(org, user):
    return [("authorization", org.headers(user)["Authorization"])]


@pytest.fixture
def accounts(org, create_account):
    org.save(account_fields={"phone": "hidden", "billing_address": "hidden"})
    north = create_account(
        name="Northwind",
        owner_id=str(org.north),
        phone="0113 496 0000",
        billing_address={"city": "Leeds"},
    )
    south = create_account(name="Southwind", owner_id=str(org.south), phone="0113 496 0002")
    return north, south


def test_a_batch_keeps_record_and_field_access(stub, org, accounts):
    north, south = accounts
    missing = str(uuid.uuid4())
    reply = _batch(stub, _md(org, org.north), [south["id"], north["id"], missing])
    assert [a.id for a in reply.accounts] == [north["id"]]
    got = reply.accounts[0]
    assert got.name == "Northwind" and got.phone == ""
    assert not got.HasField("billing_address")
    assert got == _single(stub, _md(org, org.north), north["id"])
    assert list(reply.missing_ids) == [south["id"], missing]
