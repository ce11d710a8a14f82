"""SalesService for ERP sync: Get, BatchGet, List with updated_since; access and errors."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from crm.sales.v1 import sales_pb2 as pb

API = "/api/sales/v1"


@pytest.fixture
def approved(client: Any, admin: dict, product: Any, directory: Any) -> Any:
    def make() -> dict[str, Any]:
        account = str(directory.add("Acme"))
        q = client.post(
            f"{API}/quotes",
            headers=admin,
            json={"account_id": account, "lines": [{"product_id": product()["id"], "quantity": 3}]},
        ).get_json()
        client.post(f"{API}/quotes/{q['id']}/approve", headers=admin)
        order = client.post(
            f"{API}/sales-orders", headers=admin, json={"quote_id": q["id"]}
        ).get_json()
        return {"quote": q, "order": order}

    return make


def _md(headers: dict[str, str]) -> list[tuple[str, str]]:
    return [("authorization", headers["Authorization"])]


def test_get_and_batch_get_quotes_orders_and_products(
    stub: Any, admin: dict, approved: Any
) -> None:
    made = approved()
    md = _md(admin)
    quote = stub.GetQuote(pb.GetQuoteRequest(id=made["quote"]["id"]), metadata=md, timeout=5).quote
    assert quote.number == made["quote"]["number"] and quote.approval_status == "Approved"
    assert quote.grand_total == made["quote"]["grand_total"] and len(quote.lines) == 1
    missing = str(uuid.uuid4())
    batch = stub.BatchGetSalesOrders(
        pb.BatchGetSalesOrdersRequest(ids=[made["order"]["id"], missing]), metadata=md, timeout=5
    )
    assert [o.id for o in batch.sales_orders] == [made["order"]["id"]]
    assert list(batch.missing_ids) == [missing]
    product_id = made["quote"]["lines"][0]["product_id"]
    product = stub.GetProduct(pb.GetProductRequest(id=product_id), metadata=md, timeout=5).product
    assert product.unit_price == "10.00" and product.currency == "EUR"


def test_list_pages_by_updated_at_and_filters_by_updated_since(
    stub: Any, admin: dict, approved: Any
) -> None:
    made = [approved() for _ in range(3)]
    md = _md(admin)
    first = stub.ListSalesOrders(pb.ListSalesOrdersRequest(page_size=2), metadata=md, timeout=5)
    assert len(first.sales_orders) == 2 and first.next_page_token
    rest = stub.ListSalesOrders(
        pb.ListSalesOrdersRequest(page_size=2, page_token=first.next_page_token),
        metadata=md,
        timeout=5,
    )
    ids = [o.id for o in first.sales_orders] + [o.id for o in rest.sales_orders]
    assert ids == [m["order"]["id"] for m in made] and rest.next_page_token == ""
    since = Timestamp()
    since.FromJsonString(made[2]["order"]["updated_at"])
    recent = stub.ListSalesOrders(
        pb.ListSalesOrdersRequest(updated_since=since), metadata=md, timeout=5
    )
    assert [o.id for o in recent.sales_orders] == [made[2]["order"]["id"]]
    products = stub.ListProducts(pb.ListProductsRequest(), metadata=md, timeout=5)
    assert len(products.products) == 3


def test_errors_and_access_map_to_status_codes(
    stub: Any, admin: dict, approved: Any, user: Any, policy: Any, tokens: Any
) -> None:
    made = approved()
    md = _md(admin)
    for request, code in (
        (pb.GetQuoteRequest(id=str(uuid.uuid4())), grpc.StatusCode.NOT_FOUND),
        (pb.GetQuoteRequest(id="nope"), grpc.StatusCode.INVALID_ARGUMENT),
    ):
        with pytest.raises(grpc.RpcError) as exc:
            stub.GetQuote(request, metadata=md, timeout=5)
        assert exc.value.code() == code
    with pytest.raises(grpc.RpcError) as exc:
        stub.GetQuote(pb.GetQuoteRequest(id=made["quote"]["id"]), timeout=5)
    assert exc.value.code() == grpc.StatusCode.UNAUTHENTICATED
    rep = uuid.uuid4()
    policy({rep: "rep"})
    with pytest.raises(grpc.RpcError) as exc:
        stub.GetQuote(
            pb.GetQuoteRequest(id=made["quote"]["id"]), metadata=_md(user(rep)), timeout=5
        )
    assert exc.value.code() == grpc.StatusCode.NOT_FOUND
    erp = tokens.issue("svc-erp", typ="service", scope="sales.sales_orders.read")
    listed = stub.ListSalesOrders(
        pb.ListSalesOrdersRequest(), metadata=[("authorization", f"Bearer {erp}")], timeout=5
    )
    assert [o.id for o in listed.sales_orders] == [made["order"]["id"]]
    with pytest.raises(grpc.RpcError) as exc:
        stub.ListQuotes(
            pb.ListQuotesRequest(), metadata=[("authorization", f"Bearer {erp}")], timeout=5
        )
    assert exc.value.code() == grpc.StatusCode.PERMISSION_DENIED


def _opportunity(client: Any, headers: dict, account_id: str, **fields: Any) -> dict[str, Any]:
    resp = client.post(
        f"{API}/opportunities",
        headers=headers,
        json={
            "name": "Deal",
            "account_id": account_id,
            "amount": {"amount": "100.00", "currency": "EUR"},
            **fields,
        },
    )
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def test_list_opportunities_filters_by_account_and_open_deals_and_pages(
    stub: Any, client: Any, admin: dict, directory: Any
) -> None:
    acme, other = str(directory.add("Acme")), str(directory.add("Other"))
    open_ = [_opportunity(client, admin, acme, name=f"Open {n}") for n in range(3)]
    won = _opportunity(client, admin, acme, name="Won", sales_stage="Closed Won")
    _opportunity(client, admin, other, name="Elsewhere")
    md = _md(admin)
    everything = stub.ListOpportunities(
        pb.ListOpportunitiesRequest(account_id=acme), metadata=md, timeout=5
    )
    assert [o.id for o in everything.opportunities] == [o["id"] for o in open_] + [won["id"]]
    first = stub.ListOpportunities(
        pb.ListOpportunitiesRequest(account_id=acme, open_only=True, page_size=2),
        metadata=md,
        timeout=5,
    )
    assert len(first.opportunities) == 2 and first.next_page_token
    rest = stub.ListOpportunities(
        pb.ListOpportunitiesRequest(
            account_id=acme, open_only=True, page_size=2, page_token=first.next_page_token
        ),
        metadata=md,
        timeout=5,
    )
    ids = [o.id for o in first.opportunities] + [o.id for o in rest.opportunities]
    assert ids == [o["id"] for o in open_] and rest.next_page_token == ""
    got = first.opportunities[0]
    assert (got.name, got.account_id, got.amount, got.currency, got.sales_stage) == (
        "Open 0",
        acme,
        "100.00",
        "EUR",
        "Prospecting",
    )
    since = Timestamp()
    since.FromJsonString(won["updated_at"])
    recent = stub.ListOpportunities(
        pb.ListOpportunitiesRequest(updated_since=since), metadata=md, timeout=5
    )
    assert won["id"] in [o.id for o in recent.opportunities]
    assert open_[0]["id"] not in [o.id for o in recent.opportunities]
    for bad in (
        pb.ListOpportunitiesRequest(account_id="nope"),
        pb.ListOpportunitiesRequest(page_size=501),
    ):
        with pytest.raises(grpc.RpcError) as exc:
            stub.ListOpportunities(bad, metadata=md, timeout=5)
        assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_list_opportunities_applies_record_scope_and_hidden_fields(
    stub: Any, client: Any, admin: dict, user: Any, policy: Any, tokens: Any, directory: Any
) -> None:
    north, south = uuid.uuid4(), uuid.uuid4()
    policy(
        {north: "rep", south: "rep"},
        sharing="private",
        fields={"opportunities": {"amount": "hidden"}},
    )
    account = str(directory.add("Acme"))
    mine = _opportunity(client, admin, account, name="Mine", owner_id=str(north))
    _opportunity(client, admin, account, name="Theirs", owner_id=str(south))
    listed = stub.ListOpportunities(
        pb.ListOpportunitiesRequest(account_id=account),
        metadata=_md(user(north)),
        timeout=5,
    )
    # The peer's deal under private sharing is never fetched; the hidden amount is cleared.
    assert [o.id for o in listed.opportunities] == [mine["id"]]
    assert listed.opportunities[0].amount == "" and listed.opportunities[0].name == "Mine"
    unauthenticated = pytest.raises(grpc.RpcError)
    with unauthenticated as exc:
        stub.ListOpportunities(pb.ListOpportunitiesRequest(), timeout=5)
    assert exc.value.code() == grpc.StatusCode.UNAUTHENTICATED
    # A service account with the module's read scope sees every record.
    erp = tokens.issue("svc-erp", typ="service", scope="sales.opportunities.read")
    svc_md = [("authorization", f"Bearer {erp}")]
    every = stub.ListOpportunities(
        pb.ListOpportunitiesRequest(account_id=account), metadata=svc_md, timeout=5
    )
    assert len(every.opportunities) == 2
    quotes_only = tokens.issue("svc-erp", typ="service", scope="sales.quotes.read")
    with pytest.raises(grpc.RpcError) as exc:
        stub.ListOpportunities(
            pb.ListOpportunitiesRequest(),
            metadata=[("authorization", f"Bearer {quotes_only}")],
            timeout=5,
        )
    assert exc.value.code() == grpc.StatusCode.PERMISSION_DENIED
