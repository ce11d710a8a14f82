"""Products, price books, quotes (pricing, approval, revisions), sales orders, enquiries."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from crm.sales.v1 import events_pb2 as ev
from crm_chassis.events.envelope import Envelope
from crm_sales.adapters.tables import event_tables, quote_lines, quotes

API = "/api/sales/v1"


@pytest.fixture
def account(directory: Any) -> str:
    return str(
        directory.add(
            "Acme Ltd",
            billing_address={"street": "1 Main St", "city": "Leeds", "country": "GB"},
            shipping_address=None,
        )
    )


@pytest.fixture
def book(client: Any, admin: dict) -> Any:
    def make(currency: str = "EUR", **prices: str) -> dict[str, Any]:
        resp = client.post(
            f"{API}/price-books",
            headers=admin,
            json={"name": f"Book {currency}", "currency": currency},
        )
        assert resp.status_code == 201, resp.get_json()
        created = resp.get_json()
        for product_id, price in prices.items():
            put = client.put(
                f"{API}/price-books/{created['id']}/prices/{product_id}",
                headers=admin,
                json={"list_price": price},
            )
            assert put.status_code == 200, put.get_json()
        return created

    return make


def _events(service: Any, type_: str) -> list[Envelope]:
    with service.db.reading() as session:
        rows = session.execute(
            sa.select(event_tables.outbox.c.body).where(event_tables.outbox.c.type == type_)
        ).all()
    return [Envelope.from_json(r.body) for r in rows]


def _counts(service: Any) -> tuple[int, int]:
    with service.db.reading() as session:
        return (
            session.execute(sa.select(sa.func.count()).select_from(quotes)).scalar_one(),
            session.execute(sa.select(sa.func.count()).select_from(quote_lines)).scalar_one(),
        )


def test_a_quote_prices_lines_from_the_price_book_with_half_up_rounding(
    client: Any, admin: dict, product: Any, book: Any, account: str
) -> None:
    a, b = product(tax_percent="19"), product(tax_percent="7")
    pb = book(**{a["id"]: "19.99", b["id"]: "0.335"})
    resp = client.post(
        f"{API}/quotes",
        headers=admin,
        json={
            "account_id": account,
            "price_book_id": pb["id"],
            "currency": "EUR",
            "subject": "First order",
            "shipping": "4.50",
            "adjustment": "-0.50",
            "payment_terms": "Net 30 days",
            "lines": [
                {"product_id": a["id"], "quantity": 3, "discount_percent": "10"},
                {"product_id": b["id"], "quantity": "3", "discount_amount": "0.01"},
            ],
        },
    )
    assert resp.status_code == 201, resp.get_json()
    q = resp.get_json()
    assert q["number"].startswith("QUO-") and q["number"].endswith("-000001")
    l1, l2 = q["lines"]
    # 3 x 19.99 = 59.97; 10% = 5.997 -> 6.00; net 53.97; tax 19% = 10.2543 -> 10.25
    assert (
        l1["gross_total"],
        l1["discount_amount"],
        l1["net_total"],
        l1["tax_amount"],
        l1["total"],
    ) == ("59.97", "6.00", "53.97", "10.25", "64.22")
    # 3 x 0.335 = 1.005 -> 1.01; -0.01 = 1.00; tax 7% = 0.07
    assert (l2["gross_total"], l2["net_total"], l2["tax_amount"]) == ("1.01", "1.00", "0.07")
    assert (q["subtotal"], q["discount_total"], q["tax_total"]) == ("60.98", "6.01", "10.32")
    assert q["grand_total"] == "69.29"  # 60.98 - 6.01 + 10.32 + 4.50 - 0.50
    assert q["billing_address"]["city"] == "Leeds"
    second = client.post(
        f"{API}/quotes",
        headers=admin,
        json={"account_id": account, "lines": [{"product_id": a["id"], "quantity": 1}]},
    ).get_json()
    assert second["number"].endswith("-000002") and second["lines"][0]["unit_price"] == "10.00"


@pytest.mark.parametrize(
    "line, field",
    [
        ({"quantity": -1}, "lines[0].quantity"),
        ({"quantity": 0}, "lines[0].quantity"),
        ({"quantity": 1, "discount_percent": "120"}, "lines[0].discount_percent"),
        ({"quantity": 1, "product_id": str(uuid.UUID(int=7))}, "lines[0].product_id"),
    ],
)
def test_bad_lines_are_422_and_change_nothing(
    client: Any, admin: dict, product: Any, account: str, service: Any, line: dict, field: str
) -> None:
    p = product()
    resp = client.post(
        f"{API}/quotes",
        headers=admin,
        json={"account_id": account, "lines": [{"product_id": p["id"], **line}]},
    )
    assert resp.status_code == 422, resp.get_json()
    assert field in {e["field"] for e in resp.get_json()["errors"]}
    assert _counts(service) == (0, 0)


def test_a_price_book_in_another_currency_is_422(
    client: Any, admin: dict, product: Any, book: Any, account: str, service: Any
) -> None:
    p = product()
    usd = book("USD", **{p["id"]: "12.00"})
    resp = client.post(
        f"{API}/quotes",
        headers=admin,
        json={
            "account_id": account,
            "currency": "EUR",
            "price_book_id": usd["id"],
            "lines": [{"product_id": p["id"], "quantity": 1}],
        },
    )
    assert resp.status_code == 422
    assert resp.get_json()["errors"][0]["field"] == "price_book_id"
    unpriced = book("EUR")
    missing = client.post(
        f"{API}/quotes",
        headers=admin,
        json={
            "account_id": account,
            "currency": "EUR",
            "price_book_id": unpriced["id"],
            "lines": [{"product_id": p["id"], "quantity": 1}],
        },
    )
    assert missing.status_code == 422
    assert _counts(service) == (0, 0)


def test_an_unknown_account_is_422(client: Any, admin: dict, product: Any) -> None:
    resp = client.post(
        f"{API}/quotes",
        headers=admin,
        json={
            "account_id": str(uuid.uuid4()),
            "lines": [{"product_id": product()["id"], "quantity": 1}],
        },
    )
    assert resp.status_code == 422 and resp.get_json()["errors"][0]["field"] == "account_id"


def _quote(client: Any, admin: dict, account: str, product_id: str, **extra: Any) -> dict:
    resp = client.post(
        f"{API}/quotes",
        headers=admin,
        json={"account_id": account, "lines": [{"product_id": product_id, "quantity": 2}], **extra},
    )
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def test_approving_emits_quote_approved_with_lines_and_totals(
    client: Any, admin: dict, product: Any, account: str, service: Any
) -> None:
    p = product(code="WID-1", tax_percent="20")
    q = _quote(client, admin, account, p["id"], shipping="5.00")
    resp = client.post(f"{API}/quotes/{q['id']}/approve", headers=admin)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["approval_status"] == "Approved"
    [envelope] = _events(service, "sales.quote.approved.v1")
    msg = envelope.parse(ev.QuoteApproved)
    assert envelope.subject == q["id"]
    assert (msg.number, msg.currency, msg.account_id) == (q["number"], "EUR", account)
    assert (msg.subtotal, msg.tax_total, msg.shipping, msg.grand_total) == (
        "20.00",
        "4.00",
        "5.00",
        "29.00",
    )
    assert [(ln.product_code, ln.quantity, ln.unit_price, ln.total) for ln in msg.lines] == [
        ("WID-1", "2", "10.00", "24.00")
    ]
    assert msg.billing_address.city == "Leeds" and msg.approved_by


def test_an_approved_quote_is_immutable_and_a_revision_is_a_new_version(
    client: Any, admin: dict, product: Any, account: str
) -> None:
    p = product()
    q = _quote(client, admin, account, p["id"])
    client.post(f"{API}/quotes/{q['id']}/approve", headers=admin)
    assert (
        client.patch(
            f"{API}/quotes/{q['id']}", headers=admin, json={"subject": "changed"}
        ).status_code
        == 409
    )
    assert client.post(f"{API}/quotes/{q['id']}/approve", headers=admin).status_code == 409
    rev = client.post(f"{API}/quotes/{q['id']}/revise", headers=admin)
    assert rev.status_code == 201
    r = rev.get_json()
    assert (r["number"], r["quote_version"], r["approval_status"]) == (q["number"], 2, "Draft")
    assert r["previous_version_id"] == q["id"]
    patched = client.patch(
        f"{API}/quotes/{r['id']}",
        headers=admin,
        json={"lines": [{"product_id": p["id"], "quantity": 5}]},
    )
    assert patched.status_code == 200 and patched.get_json()["subtotal"] == "50.00"
    listed = client.get(f"{API}/quotes?number={q['number']}", headers=admin).get_json()
    assert [x["id"] for x in listed["items"]] == [r["id"]]


def test_approving_a_rejected_quote_is_409(
    client: Any, admin: dict, product: Any, account: str, service: Any
) -> None:
    q = _quote(client, admin, account, product()["id"])
    assert (
        client.patch(
            f"{API}/quotes/{q['id']}", headers=admin, json={"stage": "Rejected"}
        ).status_code
        == 200
    )
    resp = client.post(f"{API}/quotes/{q['id']}/approve", headers=admin)
    assert resp.status_code == 409
    assert (
        client.get(f"{API}/quotes/{q['id']}", headers=admin).get_json()["approval_status"]
        == "Draft"
    )
    assert _events(service, "sales.quote.approved.v1") == []


def test_above_the_limit_the_quote_waits_for_a_higher_role(
    client: Any, admin: dict, product: Any, account: str, service: Any, user: Any, policy: Any
) -> None:
    # Changed with the approval limits: above his limit a rep's approve is no longer 403
    # but puts the quote in Pending Approval (200) for a role above his.
    limits = {
        "default": {"max_grand_total": "15.00", "currency": "EUR"},
        "roles": [{"role_id": "manager", "max_grand_total": "1000", "currency": "EUR"}],
    }
    assert client.put(f"{API}/approval-limits", headers=admin, json=limits).status_code == 200
    rep, boss = uuid.uuid4(), uuid.uuid4()
    policy({rep: "rep", boss: "manager"})
    p = product()
    q = _quote(client, user(rep), account, p["id"])  # 23.80 > 15.00
    asked = client.post(f"{API}/quotes/{q['id']}/approve", headers=user(rep))
    assert asked.status_code == 200, asked.get_json()
    body = asked.get_json()
    assert (body["approval_status"], body["awaiting_approval_by"]) == (
        "Pending Approval",
        ["manager"],
    )
    assert _events(service, "sales.quote.approved.v1") == []
    again = client.post(f"{API}/quotes/{q['id']}/approve", headers=user(rep))
    assert again.status_code == 403
    # The manager's role is above the rep's and its limit covers the quote.
    approved = client.post(f"{API}/quotes/{q['id']}/approve", headers=user(boss))
    assert approved.status_code == 200, approved.get_json()
    path = approved.get_json()["approval_path"]
    assert [(s["step"], s["by"], s["role_id"]) for s in path] == [
        ("requested", str(rep), "rep"),
        ("approved", str(boss), "manager"),
    ]
    assert path[0]["limit"]["max_grand_total"] == "15.00"


def test_search_quotes_by_customer_and_product(
    client: Any, admin: dict, product: Any, account: str, directory: Any
) -> None:
    a, b = product(), product()
    other = str(directory.add("Other"))
    q1 = _quote(client, admin, account, a["id"])
    q2 = _quote(client, admin, other, b["id"])
    by_account = client.get(f"{API}/quotes?account_id={other}", headers=admin).get_json()
    assert [x["id"] for x in by_account["items"]] == [q2["id"]]
    by_product = client.get(f"{API}/quotes?product_id={a['id']}", headers=admin).get_json()
    assert [x["id"] for x in by_product["items"]] == [q1["id"]]
    by_q = client.get(f"{API}/quotes?q={q1['number'].lower()}", headers=admin).get_json()
    assert [x["id"] for x in by_q["items"]] == [q1["id"]]


def test_a_sales_order_copies_an_approved_quote_and_emits_order_created(
    client: Any, admin: dict, product: Any, account: str, service: Any
) -> None:
    q = _quote(client, admin, account, product()["id"])
    draft = client.post(f"{API}/sales-orders", headers=admin, json={"quote_id": q["id"]})
    assert draft.status_code == 409
    client.post(f"{API}/quotes/{q['id']}/approve", headers=admin)
    resp = client.post(f"{API}/sales-orders", headers=admin, json={"quote_id": q["id"]})
    assert resp.status_code == 201, resp.get_json()
    order = resp.get_json()
    assert order["number"].startswith("SO-") and order["grand_total"] == q["grand_total"]
    assert len(order["lines"]) == 1 and order["status"] == "Created"
    again = client.post(f"{API}/sales-orders", headers=admin, json={"quote_id": q["id"]})
    assert again.status_code == 409
    [envelope] = _events(service, "sales.order.created.v1")
    msg = envelope.parse(ev.OrderCreated)
    assert (msg.order_id, msg.quote_id, msg.grand_total) == (order["id"], q["id"], q["grand_total"])
    assert (
        client.patch(
            f"{API}/sales-orders/{order['id']}", headers=admin, json={"status": "Shipped"}
        ).status_code
        == 422
    )
    assert (
        client.patch(
            f"{API}/sales-orders/{order['id']}", headers=admin, json={"status": "Delivered"}
        ).get_json()["status"]
        == "Delivered"
    )


def test_an_enquiry_turns_into_a_quote_in_one_call(
    client: Any, admin: dict, product: Any, account: str
) -> None:
    p = product(unit_price="8.00")
    resp = client.post(
        f"{API}/enquiries",
        headers=admin,
        json={
            "account_id": account,
            "product_id": p["id"],
            "quantity": 10,
            "discount_percent": "5",
            "delivery_point": "Leeds dock",
            "payment_terms": "Net 45 days",
            "quotation_lead_time_days": 3,
        },
    )
    assert resp.status_code == 201, resp.get_json()
    enquiry = resp.get_json()
    assert enquiry["number"].startswith("ENQ-") and enquiry["total"] == "76.00"
    quote = client.post(f"{API}/enquiries/{enquiry['id']}/quote", headers=admin)
    assert quote.status_code == 201, quote.get_json()
    q = quote.get_json()
    assert q["enquiry_id"] == enquiry["id"] and q["subtotal"] == "80.00"
    assert q["discount_total"] == "4.00" and q["payment_terms"] == "Net 45 days"
    assert client.post(f"{API}/enquiries/{enquiry['id']}/quote", headers=admin).status_code == 409


def test_product_codes_are_unique_and_prices_validated(
    client: Any, admin: dict, product: Any
) -> None:
    product(code="DUP")
    dup = client.post(
        f"{API}/products",
        headers=admin,
        json={"code": "dup", "name": "x", "unit_price": "1", "currency": "EUR"},
    )
    assert dup.status_code == 409
    bad = client.post(
        f"{API}/products",
        headers=admin,
        json={
            "code": "N",
            "name": "x",
            "unit_price": "-1",
            "currency": "EUR",
            "usage_unit": "Bucket",
        },
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.get_json()["errors"]} == {"unit_price", "usage_unit"}
    assert json.loads(client.get(f"{API}/products?q=widget", headers=admin).data)["items"]
