"""ContactsService.ConvertLead: sales' synchronous conversion call (cases 5, 6, 7)."""

import uuid

import grpc
import pytest
from google.protobuf import struct_pb2

from crm.contacts.v1 import contacts_pb2 as pb


def _request(owner, **kw):
    account, contact = struct_pb2.Struct(), struct_pb2.Struct()
    account.update(
        {
            "name": kw.pop("company", "Acme Ltd"),
            "employees": 12,
            "billing_address": {"city": "Leeds"},
        }
    )
    contact.update({"last_name": "Lovelace", "email": kw.get("email", ""), "department": "R&D"})
    return pb.ConvertLeadRequest(
        lead_id=kw.pop("lead_id", str(uuid.uuid4())),
        owner_id=str(owner.id),
        account=account,
        contact=contact,
        **kw,
    )


def test_convert_lead_creates_then_matches_and_is_idempotent(
    stub, md, owner, client, admin_headers
):
    first = stub.ConvertLead(_request(owner, email="ada@acme.example"), metadata=md)
    assert not first.existing_account and not first.existing_contact
    again = stub.ConvertLead(_request(owner, lead_id=first.lead_id), metadata=md)
    assert again == first
    other = stub.ConvertLead(_request(owner, company="ACME Limited"), metadata=md)
    assert other.account_id == first.account_id and other.existing_account
    contact = client.get(f"/api/contacts/v1/contacts/{first.contact_id}", headers=admin_headers)
    body = contact.get_json()
    assert body["department"] == "R&D" and body["account_id"] == first.account_id
    account = client.get(f"/api/contacts/v1/accounts/{first.account_id}", headers=admin_headers)
    assert account.get_json()["employees"] == 12
    assert account.get_json()["billing_address"]["city"] == "Leeds"


def test_convert_lead_refuses_an_unknown_account(stub, md, owner):
    with pytest.raises(grpc.RpcError) as err:
        stub.ConvertLead(_request(owner, account_id=str(uuid.uuid4())), metadata=md)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_convert_lead_needs_create_rights(stub, tokens, owner):
    md = [("authorization", f"Bearer {tokens.issue(str(owner.id), perms=['accounts.view'])}")]
    with pytest.raises(grpc.RpcError) as err:
        stub.ConvertLead(_request(owner), metadata=md)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_a_match_the_caller_cannot_see_is_failed_precondition(stub, md, tokens, owner, add_owner):
    theirs = stub.ConvertLead(_request(owner, company="Sealed Ltd"), metadata=md)
    rep = add_owner()
    perms = ["accounts.create", "accounts.view", "contacts.create", "contacts.view"]
    rep_md = [("authorization", f"Bearer {tokens.issue(str(rep.id), perms=perms)}")]
    with pytest.raises(grpc.RpcError) as err:
        stub.ConvertLead(_request(rep, company="SEALED"), metadata=rep_md)
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "cannot see" in err.value.details() and theirs.account_id not in err.value.details()
    forced = stub.ConvertLead(
        _request(rep, company="SEALED", create_new_account=True), metadata=rep_md
    )
    assert forced.account_id != theirs.account_id and not forced.existing_account


def test_a_do_not_contact_lead_becomes_a_do_not_contact_contact(
    stub, md, owner, client, admin_headers
):
    request = _request(owner, email="never@acme.example")
    request.contact.update({"do_not_contact": True})
    made = stub.ConvertLead(request, metadata=md)
    url = f"/api/contacts/v1/contacts/{made.contact_id}"
    assert client.get(url, headers=admin_headers).get_json()["do_not_contact"] is True
    plain = stub.ConvertLead(_request(owner, company="Other plc"), metadata=md)
    url = f"/api/contacts/v1/contacts/{plain.contact_id}"
    assert client.get(url, headers=admin_headers).get_json()["do_not_contact"] is False
