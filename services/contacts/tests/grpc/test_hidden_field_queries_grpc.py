"""Issue 12 case 2 over gRPC: SearchAccounts/SearchContacts never match a hidden field."""

import pytest

from crm.contacts.v1 import contacts_pb2 as pb


def _md(org, user):
    return [("authorization", org.headers(user)["Authorization"])]


@pytest.fixture
def records(org, create_account, create_contact):
    org.save(
        account_fields={"phone": "hidden", "email": "hidden"},
        contact_fields={"email": "hidden", "phone": "hidden"},
    )
    account = create_account(
        name="Quietwind", owner_id=str(org.north), phone="0113 496 0777", email="d@quiet.example"
    )
    contact = create_contact(
        owner_id=str(org.north), email="ada@secret.example", phone="020 7946 0555"
    )
    return account, contact


def _accounts(stub, md, query):
    request = pb.SearchAccountsRequest(query=query)
    return [a.id for a in stub.SearchAccounts(request, metadata=md, timeout=5).accounts]


def _contacts(stub, md, query):
    request = pb.SearchContactsRequest(query=query)
    return [c.id for c in stub.SearchContacts(request, metadata=md, timeout=5).contacts]


@pytest.mark.parametrize("query", ["01134960777", "496 0777", "quiet.example"])
def test_search_accounts_ignores_hidden_fields(stub, org, records, md, query):
    account, _ = records
    assert _accounts(stub, _md(org, org.north), query) == []
    assert _accounts(stub, md, query) == [account["id"]]


@pytest.mark.parametrize("query", ["02079460555", "7946", "secret.example"])
def test_search_contacts_ignores_hidden_fields(stub, org, records, md, query):
    _, contact = records
    assert _contacts(stub, _md(org, org.north), query) == []
    assert _contacts(stub, md, query) == [contact["id"]]


def test_search_still_finds_visible_fields(stub, org, records):
    account, contact = records
    md = _md(org, org.north)
    assert _accounts(stub, md, "quietw") == [account["id"]]
    assert _contacts(stub, md, "lovelace") == [contact["id"]]


def test_list_filters_still_work(stub, org, records):
    account, contact = records
    md = _md(org, org.north)
    listed = stub.ListAccounts(pb.ListAccountsRequest(owner_id=str(org.north)), metadata=md)
    assert [a.id for a in listed.accounts] == [account["id"]]
    assert all(a.phone == "" for a in listed.accounts)
    listed = stub.ListContacts(pb.ListContactsRequest(owner_id=str(org.north)), metadata=md)
    assert [c.id for c in listed.contacts] == [contact["id"]]
