"""Reads contacts relies on: GetLead and GetOpportunity (related_id checks) and
GetAccountActivity (open business before an account is deleted)."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest

from crm.sales.v1 import sales_pb2 as pb

API = "/api/sales/v1"


def _md(headers: dict[str, str]) -> list[tuple[str, str]]:
    return [("authorization", headers["Authorization"])]


def _opportunity(client: Any, headers: dict, account_id: str, **fields: Any) -> dict[str, Any]:
    body = {"name": "Deal", "account_id": account_id, **fields}
    resp = client.post(f"{API}/opportunities", headers=headers, json=body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def test_get_lead_and_opportunity_and_not_found(stub, client, admin, lead, directory) -> None:
    made = lead()
    got = stub.GetLead(pb.GetLeadRequest(id=made["id"]), metadata=_md(admin), timeout=5)
    assert (got.id, got.name, got.company) == (made["id"], "Ada Lovelace", "Analytical Ltd")
    deal = _opportunity(client, admin, str(directory.add("Acme")))
    opp = stub.GetOpportunity(pb.GetOpportunityRequest(id=deal["id"]), metadata=_md(admin))
    assert opp.opportunity.id == deal["id"]
    for call, request in (
        (stub.GetLead, pb.GetLeadRequest(id=str(uuid.uuid4()))),
        (stub.GetOpportunity, pb.GetOpportunityRequest(id=str(uuid.uuid4()))),
    ):
        with pytest.raises(grpc.RpcError) as exc:
            call(request, metadata=_md(admin), timeout=5)
        assert exc.value.code() == grpc.StatusCode.NOT_FOUND


def test_account_activity_counts_open_business_only(
    stub, client, admin, directory, product
) -> None:
    acme = str(directory.add("Acme"))
    _opportunity(client, admin, acme)
    _opportunity(client, admin, acme, sales_stage="Closed Lost")
    lines = [{"product_id": product()["id"], "quantity": 1}]
    for approve in (False, True):
        body = {"account_id": acme, "lines": lines}
        quote = client.post(f"{API}/quotes", json=body, headers=admin).get_json()
        if approve:
            client.post(f"{API}/quotes/{quote['id']}/approve", headers=admin)
    request = pb.GetAccountActivityRequest(account_id=acme)
    got = stub.GetAccountActivity(request, metadata=_md(admin), timeout=5)
    assert (got.open_opportunities, got.open_quotes, got.open_sales_orders) == (1, 1, 0)
    other = pb.GetAccountActivityRequest(account_id=str(uuid.uuid4()))
    assert stub.GetAccountActivity(other, metadata=_md(admin), timeout=5).open_opportunities == 0


def test_account_activity_needs_a_caller_who_may_delete_accounts(stub, user, policy) -> None:
    rep = uuid.uuid4()
    policy({rep: "rep"}, modules=["leads", "opportunities", "quotes", "accounts"])
    allowed = pb.GetAccountActivityRequest(account_id=str(uuid.uuid4()))
    assert stub.GetAccountActivity(allowed, metadata=_md(user(rep)), timeout=5).account_id
    policy({rep: "rep"}, modules=["leads", "opportunities", "quotes"])
    request = pb.GetAccountActivityRequest(account_id=str(uuid.uuid4()))
    with pytest.raises(grpc.RpcError) as exc:
        stub.GetAccountActivity(request, metadata=_md(user(rep)), timeout=5)
    assert exc.value.code() == grpc.StatusCode.PERMISSION_DENIED
