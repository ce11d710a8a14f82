"""ListContacts' segment filters (marketing's segments): any-of lists, the account's
fields, a creation bound, paged like any list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from crm.contacts.v1 import contacts_pb2 as pb


def _names(stub, md, **filters):
    reply = stub.ListContacts(pb.ListContactsRequest(**filters), metadata=md, timeout=5)
    return sorted(c.last_name for c in reply.contacts)


def test_contacts_are_selected_by_their_account_type_industry_and_area(
    stub, md, create_account, create_contact
):
    bank = create_account(name="Bank", account_type="Customer", industry="Banking", area="North")
    shop = create_account(name="Shop", account_type="Prospect", industry="Retail", area="South")
    create_contact(last_name="Banker", account_id=bank["id"])
    create_contact(last_name="Seller", account_id=shop["id"])
    create_contact(last_name="Loner")
    assert _names(stub, md, account_types=["Customer"]) == ["Banker"]
    assert _names(stub, md, industries=["Banking", "Retail"]) == ["Banker", "Seller"]
    assert _names(stub, md, areas=["south"]) == ["Seller"]
    assert _names(stub, md, account_types=["Customer"], areas=["South"]) == []


def test_contacts_are_selected_by_tags_lead_source_and_creation(stub, md, create_contact):
    create_contact(last_name="Tagged", tags=["VIP"], lead_source="Web Site")
    create_contact(last_name="Plain", lead_source="Trade Show")
    assert _names(stub, md, tags=["vip", "beta"]) == ["Tagged"]
    assert _names(stub, md, lead_sources=["Trade Show"]) == ["Plain"]
    future = Timestamp()
    future.FromDatetime(datetime.now(UTC) + timedelta(days=1))
    assert _names(stub, md, created_since=future) == []


def test_segment_filters_page_through_every_match(stub, md, create_contact):
    for n in range(5):
        create_contact(last_name=f"P{n}", tags=["news"])
    create_contact(last_name="Other")
    seen, token = [], ""
    while True:
        request = pb.ListContactsRequest(tags=["news"], page_size=2, page_token=token)
        reply = stub.ListContacts(request, metadata=md, timeout=5)
        seen += [c.last_name for c in reply.contacts]
        token = reply.next_page_token
        if not token:
            break
    assert sorted(seen) == [f"P{n}" for n in range(5)]


def test_too_many_filter_values_are_invalid(stub, md):
    with pytest.raises(grpc.RpcError) as exc:
        stub.ListContacts(
            pb.ListContactsRequest(tags=[f"t{n}" for n in range(51)]), metadata=md, timeout=5
        )
    assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT
