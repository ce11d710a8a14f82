"""Hidden fields over sales' gRPC API (issue 12, case 2): answers clear them, a filter on
one is PERMISSION_DENIED naming it."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest

from crm.sales.v1 import sales_pb2 as pb

API = "/api/sales/v1"


def _md(headers: dict[str, str]) -> list[tuple[str, str]]:
    return [("authorization", headers["Authorization"])]


@pytest.fixture
def rep(policy: Any, user: Any) -> Any:
    """A rep who reads every sales record, with ``fields`` hidden from him."""
    someone = uuid.uuid4()

    def make(fields: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
        policy({someone: "rep"}, sharing="public_read", fields=fields)
        return _md(user(someone))

    return make


def test_get_lead_clears_hidden_fields_and_the_hidden_part_of_the_name(
    stub: Any, lead: Any, rep: Any
) -> None:
    ada = lead(lead_status="Contacted")
    md = rep({"leads": {"company": "hidden", "first_name": "hidden", "lead_status": "hidden"}})
    found = stub.GetLead(pb.GetLeadRequest(id=ada["id"]), metadata=md, timeout=5)
    assert (found.name, found.company, found.lead_status) == ("Lovelace", "", "")
    assert found.id == ada["id"]


def test_list_opportunities_open_only_on_a_hidden_stage_is_permission_denied(
    stub: Any, client: Any, admin: dict, rep: Any
) -> None:
    body = {"name": "Deal", "amount": {"amount": "31337.00", "currency": "EUR"}}
    assert client.post(f"{API}/opportunities", headers=admin, json=body).status_code == 201
    md = rep({"opportunities": {"sales_stage": "hidden", "amount": "hidden"}})
    with pytest.raises(grpc.RpcError) as exc:
        stub.ListOpportunities(pb.ListOpportunitiesRequest(open_only=True), metadata=md, timeout=5)
    assert exc.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "sales_stage" in exc.value.details()
    listed = stub.ListOpportunities(pb.ListOpportunitiesRequest(), metadata=md, timeout=5)
    assert [(o.name, o.amount, o.sales_stage) for o in listed.opportunities] == [("Deal", "", "")]


def test_list_quotes_clears_a_hidden_subject(
    stub: Any, client: Any, admin: dict, product: Any, directory: Any, rep: Any
) -> None:
    body = {
        "account_id": str(directory.add("Globex")),
        "subject": "Secret refit",
        "lines": [{"product_id": product()["id"], "quantity": 1}],
    }
    assert client.post(f"{API}/quotes", headers=admin, json=body).status_code == 201
    md = rep({"quotes": {"subject": "hidden"}})
    listed = stub.ListQuotes(pb.ListQuotesRequest(), metadata=md, timeout=5)
    assert [q.subject for q in listed.quotes] == [""] and listed.quotes[0].number


def test_quote_and_order_lines_clear_a_hidden_product_name(
    stub: Any, client: Any, admin: dict, product: Any, directory: Any, rep: Any
) -> None:
    gadget = product(code="ENC-9", name="Turbo Encabulator")
    body = {"account_id": str(directory.add("Acme")), "lines": [{"product_id": gadget["id"]}]}
    body["lines"][0]["quantity"] = 1
    quote = client.post(f"{API}/quotes", headers=admin, json=body).get_json()
    assert client.post(f"{API}/quotes/{quote['id']}/approve", headers=admin).status_code == 200
    order = client.post(f"{API}/sales-orders", headers=admin, json={"quote_id": quote["id"]})
    md = rep({"products": {"name": "hidden"}})
    got = stub.GetQuote(pb.GetQuoteRequest(id=quote["id"]), metadata=md, timeout=5).quote
    listed = stub.ListSalesOrders(pb.ListSalesOrdersRequest(), metadata=md, timeout=5)
    lines = [*got.lines, *(ln for o in listed.sales_orders for ln in o.lines)]
    assert [(ln.product_code, ln.product_name) for ln in lines] == [("ENC-9", "")] * 2
    assert order.get_json()["id"] == listed.sales_orders[0].id
    seen = rep({})
    again = stub.GetQuote(pb.GetQuoteRequest(id=quote["id"]), metadata=seen, timeout=5).quote
    assert again.lines[0].product_name == "Turbo Encabulator"
