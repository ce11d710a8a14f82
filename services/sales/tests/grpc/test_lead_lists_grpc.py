"""BatchGetLeads and ListLeads (marketing's lists and segments): mailing fields, any-of
filters, converted leads left out, pages."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from crm.sales.v1 import sales_pb2 as pb


def _md(headers: dict[str, str]) -> list[tuple[str, str]]:
    return [("authorization", headers["Authorization"])]


def _names(stub: Any, admin: dict, **filters: Any) -> list[str]:
    reply = stub.ListLeads(pb.ListLeadsRequest(**filters), metadata=_md(admin), timeout=5)
    return sorted(x.last_name for x in reply.leads)


def test_batch_get_leads_carries_the_mailing_fields_and_missing_ids(
    stub: Any, admin: dict, lead: Any
) -> None:
    made = lead(email="ada@example.org", industry="Banking", tags=["vip"])
    missing = str(uuid.uuid4())
    reply = stub.BatchGetLeads(
        pb.BatchGetLeadsRequest(ids=[made["id"], missing]), metadata=_md(admin), timeout=5
    )
    [found] = reply.leads
    assert (found.email, found.first_name, found.company) == (
        "ada@example.org",
        "Ada",
        "Analytical Ltd",
    )
    assert list(found.tags) == ["vip"] and list(reply.missing_ids) == [missing]


def test_list_leads_filters_by_any_of_status_source_industry_and_tags(
    stub: Any, admin: dict, lead: Any
) -> None:
    lead(last_name="Hot", lead_status="Hot", lead_source="Web Site", industry="Banking")
    lead(last_name="Cold", lead_status="Cold", lead_source="Trade Show", tags=["VIP"])
    lead(last_name="Warm", lead_status="Warm", industry="Retail")
    assert _names(stub, admin, lead_statuses=["Hot", "Warm"]) == ["Hot", "Warm"]
    assert _names(stub, admin, lead_sources=["Trade Show"]) == ["Cold"]
    assert _names(stub, admin, industries=["Banking", "Retail"]) == ["Hot", "Warm"]
    assert _names(stub, admin, tags=["vip"]) == ["Cold"]
    assert _names(stub, admin, lead_statuses=["Hot"], industries=["Retail"]) == []
    future = Timestamp()
    future.FromDatetime(datetime.now(UTC) + timedelta(days=1))
    assert _names(stub, admin, created_since=future) == []


def test_list_leads_pages_through_every_match(stub: Any, admin: dict, lead: Any) -> None:
    for n in range(5):
        lead(last_name=f"P{n}", tags=["news"])
    seen, token = [], ""
    while True:
        request = pb.ListLeadsRequest(tags=["news"], page_size=2, page_token=token)
        reply = stub.ListLeads(request, metadata=_md(admin), timeout=5)
        seen += [x.last_name for x in reply.leads]
        token = reply.next_page_token
        if not token:
            break
    assert sorted(seen) == [f"P{n}" for n in range(5)]


def test_too_many_filter_values_are_invalid(stub: Any, admin: dict) -> None:
    with pytest.raises(grpc.RpcError) as exc:
        request = pb.ListLeadsRequest(tags=[f"t{n}" for n in range(51)])
        stub.ListLeads(request, metadata=_md(admin), timeout=5)
    assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_leads_carry_the_do_not_contact_flag(stub: Any, admin: dict, lead: Any) -> None:
    made = lead(email="ada@example.org", do_not_contact=True)
    reply = stub.BatchGetLeads(
        pb.BatchGetLeadsRequest(ids=[made["id"]]), metadata=_md(admin), timeout=5
    )
    [found] = reply.leads
    assert found.do_not_contact is True and found.email_opt_out is False
