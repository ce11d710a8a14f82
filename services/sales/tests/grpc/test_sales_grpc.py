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
